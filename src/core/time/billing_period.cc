#include "core/time/billing_period.h"

#include "core/time/time_zones.h"

namespace mobilecs::core {
namespace {

EpochMillis month_start(const date::time_zone& zone, int year, int month) {
  // Midnight may not exist (zones that switch DST at 00:00); Java then starts the day at the
  // first valid instant, which instant_of_local gives.
  return instant_of_local(zone, LocalDateTime{year, month, 1, 0, 0, 0, 0}).epoch_millis();
}

}  // namespace

BillingPeriod billing_period_of(const date::time_zone& zone, int year, int month) {
  const int next_year = month == 12 ? year + 1 : year;
  const int next_month = month == 12 ? 1 : month + 1;
  return BillingPeriod{year, month, month_start(zone, year, month),
                       month_start(zone, next_year, next_month)};
}

BillingPeriod billing_period_containing(const date::time_zone& zone, EpochMillis t) {
  const Instant instant = Instant::from_epoch_millis(t);
  const LocalDateTime local =
      local_date_time_at(instant.epoch_second + offset_at(zone, instant.epoch_second), 0);
  BillingPeriod period = billing_period_of(zone, local.year, local.month);
  // An instant inside a month-start gap or overlap can read as the neighbouring month locally;
  // the period bounds are the authority.
  if (t < period.start) {
    period = local.month == 1 ? billing_period_of(zone, local.year - 1, 12)
                              : billing_period_of(zone, local.year, local.month - 1);
  } else if (t >= period.end) {
    period = local.month == 12 ? billing_period_of(zone, local.year + 1, 1)
                               : billing_period_of(zone, local.year, local.month + 1);
  }
  return period;
}

}  // namespace mobilecs::core
