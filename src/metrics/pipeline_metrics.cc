#include "metrics/pipeline_metrics.h"

#include "metrics/process_counters.h"

namespace mobilecs::metrics {
namespace {
constexpr const char* kNotifications = "mobilecs_notifications_total";
constexpr const char* kNotificationsHelp = "Notifications published, by type";
}  // namespace

PipelineMetrics::PipelineMetrics(Registry& r)
    : agreements_imported(
          r.counter("mobilecs_agreements_imported_total", "Agreements read and committed")),
      records_imported(r.counter(
          "mobilecs_records_imported_total",
          "Incoming data records taken in: lines of complete files (run, importer), messages "
          "consumed (ingester)")),
      records_matched(r.counter("mobilecs_records_matched_total",
                                "Records matched to their agreement and stored")),
      records_waiting(r.gauge("mobilecs_records_waiting",
                              "Records kept until an agreement for their msisdn arrives")),
      records_late(r.counter("mobilecs_records_late_total",
                             "Records for a billing period already closed (stored, reported)")),
      records_malformed(r.counter("mobilecs_records_malformed_total",
                                  "Lines rejected as malformed and set aside")),
      data_plan_exceeded(
          r.counter(kNotifications, kNotificationsHelp, {{"type", "DATA_PLAN_EXCEEDED"}})),
      billing_period_closed(
          r.counter(kNotifications, kNotificationsHelp, {{"type", "BILLING_PERIOD_CLOSED"}})),
      usage_alerts(r.counter("mobilecs_usage_alerts_total",
                             "Usage alerts published: thresholds reached and forecasts")),
      store_write_seconds(r.histogram("mobilecs_store_write_seconds",
                                      "Latency of writes to the data-record store",
                                      latency_buckets())),
      watermark_seconds(r.gauge("mobilecs_watermark_seconds",
                                "Event-time watermark of the records processed (Unix seconds); "
                                "0 before the first")) {
  expose_failed_attempts(r);
}

}  // namespace mobilecs::metrics
