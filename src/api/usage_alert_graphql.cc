#include "api/usage_alert_graphql.h"

#include "api/api_error.h"
#include "api/data_record_json.h"

namespace mobilecs::api {
namespace {

using graphql::FieldDefinition;
using graphql::InputValueDefinition;
using graphql::Json;
using graphql::TypeDefinition;
using graphql::TypeKind;
using graphql::TypeRef;

FieldDefinition member(const char* name, const char* type, const char* description) {
  return FieldDefinition{name, TypeRef::parse(type), description, {}, {}};
}

InputValueDefinition input(const char* name, const char* type, const char* description) {
  return InputValueDefinition{name, TypeRef::parse(type), description, std::nullopt};
}

}  // namespace

void add_usage_alert_types(graphql::Schema& schema) {
  TypeDefinition threshold{TypeKind::kObject,
                           "AlertThreshold",
                           "A threshold as the usage policy writes it, or the n-th step above the "
                           "plan: exactly one member is set.",
                           {},
                           {},
                           {}};
  threshold.fields = {member("percentOfPlan", "Int", "Per cent of the plan."),
                      member("bytes", "Long", "Bytes."),
                      member("overPlanStep", "Long", "The plan plus this many steps.")};
  schema.add_type(std::move(threshold));

  TypeDefinition alert{TypeKind::kObject,
                       "UsageAlert",
                       "A usage alert: a threshold reached, or a forecast that the plan runs out "
                       "before the period ends.",
                       {},
                       {},
                       {}};
  alert.fields = {
      member("agreementId", "ID!", "The agreement."),
      member("year", "Int!", "Year of the billing period."),
      member("month", "Int!", "Month of the billing period, 1..12."),
      member("type", "String!", "USAGE_THRESHOLD_REACHED or USAGE_FORECAST_EXCEEDS_PLAN."),
      member("threshold", "AlertThreshold", "The threshold reached (thresholds only)."),
      member("thresholdBytes", "Long!", "The threshold in bytes; the plan for a forecast."),
      member("totalRecordedBytes", "Long!", "The period's total at the record that caused it."),
      member("maxBytesInBillingPeriod", "Long!", "The plan."),
      member("latestRecordedAt", "String!", "The period's latest record then, as notifications."),
      member("latestInternalRecordId", "ID!", "Its id."),
      member("billingPeriodTimeZone", "String!", "The agreement's zone."),
      member("projectedExhaustionAt", "String", "When the plan would run out (forecasts)."),
      member("projectedPeriodTotalBytes", "Long", "The period's projected total (forecasts)."),
      member("daysLeft", "Long", "Whole days until then (forecasts)."),
      member("timestamp", "Long!", "recordedAt of the record that caused it, epoch ms.")};
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
        PeriodQuery p;
        try {
          p = period_query(args["agreementId"].get<std::string>(), args["year"].get<long long>(),
                           args["month"].get<long long>());
        } catch (const ApiError& e) {
          throw graphql::FieldError(e.what(), "BAD_USER_INPUT");
        }
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
      },
      "usage:read"};
}

}  // namespace mobilecs::api
