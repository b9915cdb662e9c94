#include "runtime/usage_operator.h"

namespace mobilecs::runtime {

void UsageOperator::apply(PartitionInput<Record>& input, Output& out, std::vector<BadInput>& bad) {
  std::string error;
  for (const core::Agreement& agreement : input.agreements) {
    if (!processor_.add_agreement(input.partition, agreement, out, error)) {
      bad.push_back(BadInput{"agreement " + agreement.id.to_string(), 0, error});
    }
  }
  // Each record's subscriber is a cache miss; asking for it a few records ahead hides it.
  constexpr std::size_t kPrefetchDistance = 8;
  const std::size_t count = input.records.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (i + kPrefetchDistance < count) processor_.prefetch(input.records[i + kPrefetchDistance]);
    if (!processor_.add_record(input.partition, input.records[i], out)) {
      bad.push_back(BadInput{input.records_origin,
                             i < input.record_positions.size() ? input.record_positions[i] : 0,
                             out.refused.back().reason});
      ++refused_reported_;
    }
  }
}

void UsageOperator::end_step(StateChanges& changes, Output& out, std::vector<BadInput>& bad) {
  for (std::size_t i = refused_reported_; i < out.refused.size(); ++i) {
    const core::RefusedRecord& r = out.refused[i];
    bad.push_back(BadInput{"waiting record " + r.internal_id.to_string(), 0, r.reason});
  }
  refused_reported_ = 0;
  processor_.flush_state_changes(changes);
}

void UsageOperator::describe(const Output& out, StepSummary& summary) const {
  for (const core::Notification& n : out.notifications) {
    ++(n.type == core::NotificationType::kDataPlanExceeded ? summary.data_plan_exceeded
                                                           : summary.billing_period_closed);
  }
  summary.usage_alerts = out.alerts.size();
  summary.data_records = out.data_records.size();
  summary.late_records = out.late_records.size();
  summary.waiting_records = processor_.waiting_records();
  summary.open_windows = processor_.open_windows();
  summary.watermark = processor_.watermark();
}

}  // namespace mobilecs::runtime
