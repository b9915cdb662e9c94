#include "core/windowing/billing_period_assigner.h"

namespace mobilecs::core {

const BillingPeriod& BillingPeriodAssigner::assign(const date::time_zone& zone, EpochMillis t) {
  BillingPeriod& last = last_[&zone];
  if (!last.contains(t)) {
    last = billing_period_containing(zone, t);
  }
  return last;
}

}  // namespace mobilecs::core
