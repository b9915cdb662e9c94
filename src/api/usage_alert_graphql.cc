#include "api/usage_alert_graphql.h"

#include "api/graphql_fields.h"

namespace mobilecs::api {
namespace {

using graphql::FieldDefinition;
using graphql::Json;
using graphql::TypeDefinition;
using graphql::TypeKind;
using graphql::TypeRef;

}  // namespace

void add_usage_alert_types(graphql::Schema& schema) {
  TypeDefinition threshold{TypeKind::kObject,
                           "AlertThreshold",
                           "A threshold as the usage policy writes it, or the n-th step above the "
                           "plan: exactly one member is set.",
                           {},
                           {},
                           {}};
  threshold.fields = {field("percentOfPlan", "Int", "Per cent of the plan."),
                      field("bytes", "Long", "Bytes."),
                      field("overPlanStep", "Long", "The plan plus this many steps.")};
  schema.add_type(std::move(threshold));

  TypeDefinition alert{TypeKind::kObject,
                       "UsageAlert",
                       "A usage alert: a threshold reached, or a forecast that the plan runs out "
                       "before the period ends.",
                       {},
                       {},
                       {}};
  alert.fields = {
      field("agreementId", "ID!", "The agreement."),
      field("year", "Int!", "Year of the billing period."),
      field("month", "Int!", "Month of the billing period, 1..12."),
      field("type", "String!", "USAGE_THRESHOLD_REACHED or USAGE_FORECAST_EXCEEDS_PLAN."),
      field("threshold", "AlertThreshold", "The threshold reached (thresholds only)."),
      field("thresholdBytes", "Long!", "The threshold in bytes; the plan for a forecast."),
      field("totalRecordedBytes", "Long!", "The period's total at the record that caused it."),
      field("maxBytesInBillingPeriod", "Long!", "The plan."),
      field("latestRecordedAt", "String!", "The period's latest record then, as notifications."),
      field("latestInternalRecordId", "ID!", "Its id."),
      field("billingPeriodTimeZone", "String!", "The agreement's zone."),
      field("projectedExhaustionAt", "String", "When the plan would run out (forecasts)."),
      field("projectedPeriodTotalBytes", "Long", "The period's projected total (forecasts)."),
      field("daysLeft", "Long", "Whole days until then (forecasts)."),
      field("timestamp", "Long!", "recordedAt of the record that caused it, epoch ms.")};
  schema.add_type(std::move(alert));
}

FieldDefinition usage_alerts_field(const NotificationFeed& feed) {
  return FieldDefinition{
      "alerts",
      TypeRef::parse("[UsageAlert]!"),
      "The period's usage alerts this server has seen (the latest 10,000 of all), newest first.",
      {input("agreementId", "ID!", "The agreement (a UUID)."),
       input("year", "Int!", "Year of the billing period."),
       input("month", "Int!", "Month of the billing period, 1..12.")},
      [&feed](const Json&, const Json& args, const std::any&) {
        return calling_service([&] {
          const PeriodQuery p = period_of(args);
          Json out = Json::array();
          const NotificationFeed::Filter filter{NotificationFeed::Kind::kAlert, std::nullopt,
                                                p.agreement_id, p.year, p.month};
          for (const auto& entry : feed.history(filter, 10'000)) {
            const Json line = Json::parse(entry.line);
            Json value = line["value"];
            value["timestamp"] = line["timestamp"];
            out.push_back(std::move(value));
          }
          return out;
        });
      },
      "usage:read"};
}

}  // namespace mobilecs::api
