#pragma once

#include <atomic>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <set>
#include <span>
#include <stdexcept>
#include <stop_token>
#include <vector>

#include "core/processing/processor_output.h"
#include "runtime/input_batch.h"
#include "runtime/state_changes.h"

namespace mobilecs::runtime {

// What a committed step did, for metrics and logs.
struct StepSummary {
  std::uint64_t number = 0;
  std::uint64_t agreements = 0;  // read
  std::uint64_t records = 0;     // read
  std::vector<BadInput> bad_inputs;
  std::size_t data_records = 0;
  std::size_t late_records = 0;
  std::size_t data_plan_exceeded = 0;
  std::size_t billing_period_closed = 0;
  std::size_t usage_alerts = 0;
  std::size_t waiting_records = 0;  // after the step
  std::size_t open_windows = 0;     // after the step
  core::EpochMillis watermark = core::kNoWatermark;
  double commit_seconds = 0;  // the store write and transaction, measured by the committer
};

// Told about every step once it is committed (from the committer's thread).
class StepObserver {
 public:
  virtual ~StepObserver() = default;
  // `notifications` and `alerts`: those the step published.
  virtual void on_committed(const StepSummary& summary,
                            std::span<const core::Notification> notifications,
                            std::span<const core::UsageAlert> alerts) = 0;
};

// One atomic unit of work: everything the operator produced from some inputs, the state it
// changed, and where reading had got to. A committer makes all of it durable, or none.
template <class Progress, class Output>
struct Step {
  StateChanges state;
  Output output;
  Progress progress;
  StepSummary summary;
  StepObserver* observer = nullptr;

  bool empty() const { return state.empty() && output.empty() && progress.empty(); }
  // Committers call this once the step is durable.
  void report_committed(std::chrono::steady_clock::duration took) {
    summary.commit_seconds = std::chrono::duration<double>(took).count();
    if (observer == nullptr) return;
    if constexpr (requires { output.notifications; }) {
      observer->on_committed(summary, output.notifications, output.alerts);
    } else {
      observer->on_committed(summary, {}, {});
    }
  }
};

// Up to which step (summary.number) a committer has made everything durable; written by the
// committing thread, read by the runner's.
class DurableSteps {
 public:
  void mark(const StepSummary& committed) { through_.store(committed.number); }
  std::uint64_t through() const { return through_.load(); }

 private:
  std::atomic<std::uint64_t> through_{0};
};

// A committer could not commit a step but left nothing of it behind (an aborted transaction):
// the runner goes back to what is committed and redoes the work.
class StepAborted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What the step runner needs of a source: batches of input (waiting at most until `until`),
// whether there is nothing left (--until-idle), going back to the last committed position after
// an aborted step, and after_commit(): called once for each batch that ended a unit
// (ends_unit), in order, once the step holding it is durable.
template <class S>
concept StepSource = requires(S& s, const std::stop_token& stop,
                              std::chrono::steady_clock::time_point until) {
  typename S::Progress;
  typename S::Record;
  { s.poll(stop, until) } -> std::same_as<InputBatch<typename S::Progress, typename S::Record>>;
  { s.exhausted() } -> std::same_as<bool>;
  s.rewind();
  s.after_commit();
};

// What the step runner needs of an operator, the pure part of a pipeline: take the records
// (and agreements) of one partition, follow the partitions' state and processing time, and at
// the end of a step hand over its state changes and fill in what it knows of the step. Records
// and agreements it cannot use go to `bad`.
template <class Op>
concept StepOperator = requires(Op& op, const Op& cop, PartitionInput<typename Op::Record>& input,
                                typename Op::Output& out, std::vector<BadInput>& bad,
                                core::PartitionId partition, core::EpochMillis now,
                                StateChanges& changes, StepSummary& summary) {
  typename Op::Config;
  typename Op::Output;
  requires std::constructible_from<Op, const typename Op::Config&>;
  op.apply(input, out, bad);
  op.set_processing_time(now);
  op.on_processing_time(now, out);
  op.assign_partition(partition);
  op.set_caught_up(partition, true, out);
  op.end_step(changes, out, bad);
  cop.describe(out, summary);
  { out.empty() } -> std::same_as<bool>;
};

// What the step runner needs of a committer: commit a step (perhaps on another thread; submit
// rethrows the failure of an earlier step), say whether it is still committing any, wait for all
// of them, say up to which step (summary.number) all are durable, and feed an operator the
// committed state of some partitions.
template <class C, class Progress, class Op>
concept StepCommitter = requires(C& c, const C& cc, Step<Progress, typename Op::Output>&& step,
                                 const std::set<core::PartitionId>& partitions, Op& op) {
  c.submit(std::move(step));
  { c.busy() } -> std::same_as<bool>;
  c.wait();
  { cc.committed_through() } -> std::same_as<std::uint64_t>;
  c.restore(partitions, op);
};

}  // namespace mobilecs::runtime
