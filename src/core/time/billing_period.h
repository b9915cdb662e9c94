#pragma once

#include <date/tz.h>

#include <compare>

#include "core/time/instant.h"

namespace mobilecs::core {

// A calendar month in an agreement's time zone: [first day 00:00, first day of next month
// 00:00) local time, half-open (docs/formats.md). Bounds are instants, so DST changes are exact.
struct BillingPeriod {
  int year = 0;
  int month = 0;  // 1..12
  EpochMillis start = 0;
  EpochMillis end = 0;  // exclusive

  bool contains(EpochMillis t) const { return t >= start && t < end; }
  // The last millisecond of the period: the notification timestamp and the moment the period
  // closes on the watermark (Flink's TimeWindow.maxTimestamp()).
  EpochMillis max_timestamp() const { return end - 1; }

  friend bool operator==(const BillingPeriod&, const BillingPeriod&) = default;
};

BillingPeriod billing_period_of(const date::time_zone& zone, int year, int month);
BillingPeriod billing_period_containing(const date::time_zone& zone, EpochMillis t);

}  // namespace mobilecs::core
