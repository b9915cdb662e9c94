#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <set>
#include <span>
#include <stdexcept>
#include <stop_token>
#include <vector>

#include "core/processing/processor_output.h"
#include "core/processing/usage_processor.h"
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
  std::size_t waiting_records = 0;  // after the step
  std::size_t open_windows = 0;     // after the step
  core::EpochMillis watermark = core::kNoWatermark;
  double commit_seconds = 0;  // the store write and transaction, measured by the committer
};

// Told about every step once it is committed (from the committer's thread).
class StepObserver {
 public:
  virtual ~StepObserver() = default;
  // `notifications`: those the step published.
  virtual void on_committed(const StepSummary& summary,
                            std::span<const core::Notification> notifications) = 0;
};

// One atomic unit of work: everything the processor produced from some inputs, the state it
// changed, and where reading had got to. A committer makes all of it durable, or none.
template <class Progress>
struct Step {
  StateChanges state;
  core::ProcessorOutput output;
  Progress progress;
  StepSummary summary;
  StepObserver* observer = nullptr;

  bool empty() const { return state.empty() && output.empty() && progress.empty(); }
  // Committers call this once the step is durable.
  void report_committed(std::chrono::steady_clock::duration took) {
    summary.commit_seconds = std::chrono::duration<double>(took).count();
    if (observer != nullptr) observer->on_committed(summary, output.notifications);
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
  { s.poll(stop, until) } -> std::same_as<InputBatch<typename S::Progress>>;
  { s.exhausted() } -> std::same_as<bool>;
  s.rewind();
  s.after_commit();
};

// What the step runner needs of a committer: commit a step (perhaps on another thread; submit
// rethrows the failure of an earlier step), say whether it is still committing any, wait for all
// of them, say up to which step (summary.number) all are durable, and feed a processor the
// committed state of some partitions.
template <class C, class Progress>
concept StepCommitter = requires(C& c, const C& cc, Step<Progress>&& step,
                                 const std::set<core::PartitionId>& partitions,
                                 core::UsageProcessor& processor) {
  c.submit(std::move(step));
  { c.busy() } -> std::same_as<bool>;
  c.wait();
  { cc.committed_through() } -> std::same_as<std::uint64_t>;
  c.restore(partitions, processor);
};

}  // namespace mobilecs::runtime
