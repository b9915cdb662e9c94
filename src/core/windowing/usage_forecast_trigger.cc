#include "core/windowing/usage_forecast_trigger.h"

#include <algorithm>
#include <limits>

#include "core/model/byte_total.h"
#include "core/time/zoned_date_time.h"

namespace mobilecs::core {
namespace {

constexpr EpochMillis kDayMillis = 86'400'000;

std::int64_t saturated(ByteTotal value) {
  return static_cast<std::int64_t>(
      std::min<ByteTotal>(value, std::numeric_limits<std::int64_t>::max()));
}

}  // namespace

std::optional<UsageForecast> trailing_projection(std::span<const std::int64_t> daily_bytes,
                                                 const ForecastPolicy& policy,
                                                 const PeriodDays& days, int day, EpochMillis at,
                                                 std::int64_t total, std::int64_t max_bytes) {
  if (day < policy.min_observed_days) {
    return std::nullopt;
  }
  const int first = std::max(0, day + 1 - policy.trailing_days);
  ByteTotal trailing = 0;
  for (int d = first; d <= day; ++d) {
    trailing += daily_bytes[static_cast<std::size_t>(d)];
  }
  const EpochMillis trailing_start = days.starts[static_cast<std::size_t>(first)];
  const EpochMillis period_end = days.end();
  const ByteTotal remaining = ByteTotal{max_bytes} - total;
  const EpochMillis span = at + 1 - trailing_start;
  if (remaining <= 0 || trailing <= 0 || span <= 0) {
    return std::nullopt;
  }
  // Integers only: the milliseconds until the plan is reached at the trailing rate, rounded up.
  const ByteTotal until = (remaining * span + trailing - 1) / trailing;
  if (ByteTotal{at} + until > kLastStorableInstant.epoch_millis()) {
    return std::nullopt;  // not before the year 9999: no date to show
  }
  UsageForecast forecast;
  forecast.projected_exhaustion_at = saturated(ByteTotal{at} + until);
  forecast.projected_period_total_bytes =
      saturated(ByteTotal{total} + trailing * (period_end - 1 - at) / span);
  forecast.days_left = saturated(until / kDayMillis);
  return forecast;
}

std::optional<UsageForecast> UsageForecastTrigger::on_record(
    UsageWindow& window, const ForecastPolicy& policy, const PeriodDays& days,
    EpochMillis recorded_at, std::int64_t recorded_bytes,
    std::int64_t max_bytes_in_billing_period) {
  if (window.forecast_done) {
    return std::nullopt;
  }
  if (window.total_recorded_bytes >= max_bytes_in_billing_period) {
    // Reached: nothing left to forecast in this period, nor to keep for it.
    std::vector<std::int64_t>().swap(window.daily_bytes);
    window.forecast_done = true;
    return std::nullopt;
  }
  const int day = days.day_of(recorded_at);
  window.daily_bytes.resize(static_cast<std::size_t>(days.days));
  std::int64_t& today = window.daily_bytes[static_cast<std::size_t>(day)];
  today = saturated(ByteTotal{today} + recorded_bytes);
  auto forecast = trailing_projection(window.daily_bytes, policy, days, day, recorded_at,
                                      window.total_recorded_bytes, max_bytes_in_billing_period);
  if (!forecast || forecast->projected_exhaustion_at >= days.end()) {
    return std::nullopt;
  }
  window.forecast_done = true;
  std::vector<std::int64_t>().swap(window.daily_bytes);
  return forecast;
}

}  // namespace mobilecs::core
