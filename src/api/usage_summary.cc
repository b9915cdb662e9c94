#include "api/usage_summary.h"

#include <algorithm>

#include "core/codec/usage_alert_json.h"
#include "core/codec/usage_policy_json.h"
#include "core/time/period_days.h"
#include "core/time/zoned_date_time.h"
#include "core/windowing/usage_alert_plan.h"
#include "core/windowing/usage_forecast_trigger.h"

namespace mobilecs::api {
namespace {

using Json = nlohmann::ordered_json;

std::string zoned_text(core::EpochMillis t, const date::time_zone& zone) {
  return core::to_string(core::zoned_date_time_at(core::Instant::from_epoch_millis(t), zone));
}

// The policy's thresholds in bytes, lowest first, and its steps above the plan around the total:
// the last kStepsShown it reached and the first it has not.
Json thresholds_json(const core::UsagePolicy& policy, std::int64_t plan, core::ByteTotal total) {
  struct Line {
    core::ByteTotal bytes;
    core::AlertThreshold threshold;
  };
  std::vector<Line> lines;
  const core::UsageAlertPlan alert_plan(policy, plan);
  for (const auto& t : alert_plan.thresholds()) {
    lines.push_back({t.bytes, core::as_alert_threshold(policy.thresholds[t.index])});
  }
  if (const auto step = policy.over_plan_step_bytes) {
    constexpr std::int64_t kStepsShown = 10;
    const core::ByteTotal over = total - plan;
    const auto passed = over > 0 ? static_cast<std::int64_t>(over / *step) : std::int64_t{0};
    for (std::int64_t n = std::max<std::int64_t>(1, passed - kStepsShown + 1); n <= passed + 1;
         ++n) {
      const core::ByteTotal bytes = core::ByteTotal{plan} + core::ByteTotal{*step} * n;
      lines.push_back({bytes, core::AlertThreshold{core::AlertThreshold::Kind::kOverPlanStep, n}});
    }
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.bytes < b.bytes; });
  Json out = Json::array();
  for (const Line& line : lines) {
    if (line.bytes > core::kMaxNotifiableTotal) continue;  // never reachable
    out.push_back({{"threshold", Json::parse(core::alert_threshold_to_json(line.threshold))},
                   {"bytes", static_cast<std::int64_t>(line.bytes)},
                   {"reached", line.bytes <= total}});
  }
  return out;
}

}  // namespace

Json usage_summary(const core::Agreement& agreement, int year, int month,
                   std::span<const core::DataRecord> records, const core::UsagePolicy* configured,
                   core::TimeZones& zones) {
  const date::time_zone* zone = zones.find(agreement.billing_period_time_zone);
  core::ByteTotal total = 0;
  core::EpochMillis latest = 0;
  for (const core::DataRecord& r : records) {
    total += r.recorded_bytes;
    latest = std::max(latest, r.recorded_at);
  }
  const std::int64_t plan = agreement.max_bytes_in_billing_period;
  const core::UsagePolicy* policy = agreement.usage_policy ? &*agreement.usage_policy : configured;
  Json out{
      {"agreementId", agreement.id.to_string()},
      {"year", year},
      {"month", month},
      {"billingPeriodTimeZone", agreement.billing_period_time_zone},
      {"maxBytesInBillingPeriod", plan},
      {"totalRecordedBytes", core::to_string(total)},
      {"latestRecordedAt",
       records.empty() || zone == nullptr ? Json(nullptr) : Json(zoned_text(latest, *zone))},
      {"usagePolicy",
       policy != nullptr ? Json::parse(core::usage_policy_to_json(*policy)) : Json(nullptr)},
      {"usagePolicySource", agreement.usage_policy  ? Json("agreement")
                            : configured != nullptr ? Json("--usage-policy")
                                                    : Json(nullptr)},
      {"thresholds", policy != nullptr ? thresholds_json(*policy, plan, total) : Json::array()},
      {"forecast", nullptr}};
  if (zone == nullptr || records.empty() || total > core::kMaxNotifiableTotal) return out;
  const core::PeriodDays days = core::period_days_of(*zone, year, month);
  if (latest < days.starts[0] || latest >= days.end()) return out;
  std::vector<std::int64_t> daily(static_cast<std::size_t>(days.days), 0);
  for (const core::DataRecord& r : records) {
    if (r.recorded_at >= days.starts[0] && r.recorded_at < days.end()) {
      daily[static_cast<std::size_t>(days.day_of(r.recorded_at))] += r.recorded_bytes;
    }
  }
  const core::ForecastPolicy settings =
      policy != nullptr && policy->forecast ? *policy->forecast : core::ForecastPolicy{};
  const auto forecast = core::trailing_projection(daily, settings, days, days.day_of(latest),
                                                  latest, static_cast<std::int64_t>(total), plan);
  if (forecast) {
    out["forecast"] = {
        {"projectedExhaustionAt", zoned_text(forecast->projected_exhaustion_at, *zone)},
        {"projectedPeriodTotalBytes", forecast->projected_period_total_bytes},
        {"daysLeft", forecast->days_left},
        {"exhaustedWithinPeriod", forecast->projected_exhaustion_at < days.end()},
        {"trailingDays", settings.trailing_days},
        {"minObservedDays", settings.min_observed_days}};
  }
  return out;
}

}  // namespace mobilecs::api
