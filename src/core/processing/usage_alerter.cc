#include "core/processing/usage_alerter.h"

#include "core/time/time_zones.h"
#include "core/windowing/usage_forecast_trigger.h"

namespace mobilecs::core {
namespace {

UsageAlert alert_of(const UsageWindow& window, const AgreementTerms& agreement, UsageAlertType type,
                    EpochMillis recorded_at) {
  UsageAlert a;
  a.agreement_id = window.agreement_id;
  a.year = window.year;
  a.month = window.month;
  a.type = type;
  a.total_recorded_bytes = window.total_recorded_bytes;
  a.max_bytes_in_billing_period = agreement.max_bytes_in_billing_period;
  a.latest_recorded_at = window.latest_recorded_at;
  a.latest_internal_record_id = window.latest_internal_record_id;
  a.billing_period_time_zone = std::string(agreement.time_zone->name());
  a.timestamp = recorded_at;
  return a;
}

}  // namespace

void UsageAlerter::resolve(AgreementTerms& terms) {
  const UsagePolicy* policy = terms.own_policy != nullptr ? terms.own_policy.get()
                              : configured_               ? &*configured_
                                                          : nullptr;
  if (policy == nullptr || policy->empty()) {
    terms.alerts = nullptr;
  } else if (terms.own_policy != nullptr) {
    terms.alerts =
        std::make_shared<const UsageAlertPlan>(*policy, terms.max_bytes_in_billing_period);
  } else {
    auto& shared = configured_plans_[terms.max_bytes_in_billing_period];
    if (shared == nullptr) {
      shared = std::make_shared<const UsageAlertPlan>(*policy, terms.max_bytes_in_billing_period);
    }
    terms.alerts = shared;
  }
}

void UsageAlerter::on_record(UsageWindow& window, const AgreementTerms& agreement,
                             const BillingPeriod& period, EpochMillis recorded_at,
                             std::int64_t recorded_bytes, std::vector<UsageAlert>& alerts) {
  const UsageAlertPlan& plan = *agreement.alerts;
  reached_.clear();
  UsageThresholdTrigger::on_record(window, plan, recorded_bytes, reached_);
  for (const ReachedThreshold& r : reached_) {
    UsageAlert& a = alerts.emplace_back(
        alert_of(window, agreement, UsageAlertType::kThresholdReached, recorded_at));
    a.threshold = r.threshold;
    a.threshold_bytes = r.bytes;
  }
  if (const auto& forecast_policy = plan.policy().forecast) {
    const auto forecast = UsageForecastTrigger::on_record(
        window, *forecast_policy, period_days(*agreement.time_zone, period), recorded_at,
        recorded_bytes, agreement.max_bytes_in_billing_period);
    if (forecast) {
      UsageAlert& a = alerts.emplace_back(
          alert_of(window, agreement, UsageAlertType::kForecastExceedsPlan, recorded_at));
      a.threshold_bytes = agreement.max_bytes_in_billing_period;
      a.forecast = forecast;
      a.forecast->exhaustion_offset_seconds =
          offset_at(*agreement.time_zone,
                    Instant::from_epoch_millis(forecast->projected_exhaustion_at).epoch_second);
    }
  }
}

const PeriodDays& UsageAlerter::period_days(const date::time_zone& zone,
                                            const BillingPeriod& period) {
  PeriodDays& days = period_days_[&zone];
  if (days.days == 0 || days.starts[0] != period.start || days.end() != period.end) {
    days = period_days_of(zone, period.year, period.month);
  }
  return days;
}

}  // namespace mobilecs::core
