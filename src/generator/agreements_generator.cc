#include "generator/agreements_generator.h"

#include "generator/reference_sequences.h"

namespace mobilecs::generator {

core::Agreement AgreementsGenerator::next() {
  static constexpr std::int64_t kPlans[] = {5 * kGiB, 10 * kGiB};
  const date::time_zone& zone = reference_zone();
  core::Agreement a;
  a.id = next_uuid(ids_);
  a.msisdn = next_msisdn(msisdns_);
  const auto back = static_cast<int>(static_cast<std::int64_t>(20 * signed_.next_double()));
  a.signed_at =
      core::zoned_date_time_at(plus_days(zone, plus_days(zone, kStart, -back), -10), zone);
  a.service_start_at = core::zoned_date_time_at(kStart, zone);
  a.billing_period_time_zone = kReferenceZone;
  a.max_bytes_in_billing_period = kPlans[static_cast<int>(plans_.next_double() * 2)];
  return a;
}

}  // namespace mobilecs::generator
