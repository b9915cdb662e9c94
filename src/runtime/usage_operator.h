#pragma once

#include <cstddef>
#include <vector>

#include "core/processing/usage_processor.h"
#include "runtime/input_batch.h"
#include "runtime/state_changes.h"
#include "runtime/step.h"

namespace mobilecs::runtime {

// The operator of `run` and the ingester: core::UsageProcessor (matching, billing windows,
// notifications) as the step runner drives it, with the records and agreements it refuses
// reported as bad inputs where they came from.
class UsageOperator {
 public:
  using Config = core::ProcessorConfig;
  using Record = core::UsageRecord;
  using Output = core::ProcessorOutput;

  explicit UsageOperator(const Config& config) : processor_(config) {}

  void apply(PartitionInput<Record>& input, Output& out, std::vector<BadInput>& bad);
  void set_processing_time(core::EpochMillis now) { processor_.set_processing_time(now); }
  void on_processing_time(core::EpochMillis now, Output& out) {
    processor_.on_processing_time(now, out);
  }
  void assign_partition(core::PartitionId partition) { processor_.assign_partition(partition); }
  void set_caught_up(core::PartitionId partition, bool caught_up, Output& out) {
    processor_.set_caught_up(partition, caught_up, out);
  }
  // Records refused only now (they waited for their agreement) go to `bad` without a position.
  void end_step(StateChanges& changes, Output& out, std::vector<BadInput>& bad);
  void describe(const Output& out, StepSummary& summary) const;

  core::UsageProcessor& processor() { return processor_; }
  const core::UsageProcessor& processor() const { return processor_; }

 private:
  core::UsageProcessor processor_;
  std::size_t refused_reported_ = 0;  // of the step's refused records, reported by apply()
};

}  // namespace mobilecs::runtime
