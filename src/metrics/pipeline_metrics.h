#pragma once

#include "metrics/registry.h"

namespace mobilecs::metrics {

// What a pipeline process reports at /metrics: its records, notifications, store writes, event-time
// watermark, and the process's failed attempts.
struct PipelineMetrics {
  explicit PipelineMetrics(Registry& registry);

  Counter& agreements_imported;
  Counter& records_imported;
  Counter& records_matched;
  Gauge& records_waiting;
  Counter& records_late;
  Counter& records_malformed;
  Counter& data_plan_exceeded;
  Counter& billing_period_closed;
  Counter& usage_alerts;
  Histogram& store_write_seconds;
  Gauge& watermark_seconds;
};

}  // namespace mobilecs::metrics
