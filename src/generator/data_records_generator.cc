#include "generator/data_records_generator.h"

#include <stdexcept>

#include "core/windowing/billing_period_assigner.h"
#include "generator/reference_sequences.h"

namespace mobilecs::generator {

DataRecordsGenerator::DataRecordsGenerator(int agreements, int months)
    : agreements_(agreements), months_(months), begin_{kStart.epoch_second + kSecondsPerRecord, 0} {
  if (agreements < 1 || months < 1) {
    throw std::invalid_argument("the numbers of agreements and months must be at least 1");
  }
}

std::vector<core::Uuid> DataRecordsGenerator::next_batch(
    const std::function<void(const core::DataRecord&)>& write) {
  static constexpr std::int64_t kMaxBytesInRecord = 10 * kMiB;
  const date::time_zone& zone = reference_zone();
  core::BillingPeriodAssigner assigner;
  JavaRandom ids(kAgreementIdSeed);
  std::vector<core::Uuid> agreement_ids;
  for (int i = 0; i < agreements_; ++i) {
    const core::Uuid agreement_id = next_uuid(ids);
    agreement_ids.push_back(agreement_id);
    JavaRandom internal_ids(44134134 + i);
    JavaRandom bytes(24524555 + i);
    const core::Instant end = plus_months(zone, begin_, months_);
    core::Instant t = begin_;
    for (; t < end; t.epoch_second += kSecondsPerRecord) {
      const core::EpochMillis at = t.epoch_millis();
      const core::BillingPeriod& period = assigner.assign(zone, at);
      const core::Uuid internal_id = next_uuid(internal_ids);
      write(core::DataRecord{agreement_id, static_cast<std::int16_t>(period.year),
                             static_cast<std::int8_t>(period.month), at, internal_id,
                             static_cast<std::int64_t>(bytes.next_double() * kMaxBytesInRecord)});
    }
    begin_ = t;
  }
  return agreement_ids;
}

}  // namespace mobilecs::generator
