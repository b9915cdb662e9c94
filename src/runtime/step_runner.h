#pragma once

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <stop_token>
#include <string>

#include "runtime/clock.h"
#include "runtime/input_batch.h"
#include "runtime/retry.h"
#include "runtime/step.h"
#include "runtime/stop.h"

namespace mobilecs::runtime {

struct RunnerConfig {
  // A step is committed when it holds this many records, or is this old, or its source has
  // had nothing more to read for `step_linger`, whichever comes first: big steps under load, a
  // prompt commit (and notification) when input trickles in.
  std::size_t max_step_records = 1'000'000;
  std::chrono::milliseconds max_step_delay{1000};
  std::chrono::milliseconds step_linger{10};
  // How long one poll of the source may wait for input when no step is due.
  std::chrono::milliseconds idle_wait{200};
  // Before a step that was not committed is redone.
  BackoffConfig retry_backoff;
  std::size_t bad_inputs_logged_per_origin = 10;
};

// The driver loop of every pipeline (docs/semantics.md, docs/architecture.md): takes batches
// from a source, runs them through an operator, and hands each step (state changes, output,
// source progress) to a committer that makes it durable atomically, while the next step is
// processed. The pipelines differ only in their ports and operator: `mobilecs run` reads files,
// matches and sums them (UsageOperator) and commits RocksDB batches; the ingester does the same
// from a Kafka consumer group into Kafka transactions; the importer reads files and forwards
// their records into Kafka transactions.
//
// Recovery is the same for all: a step the committer could not commit (StepAborted), or
// partitions taken away, send the operator back to the committed state and the source back to
// the committed position; the work is redone. Anything else ends the run.
template <StepSource Source, StepOperator Operator,
          StepCommitter<typename Source::Progress, Operator> Committer>
requires std::same_as<typename Source::Record, typename Operator::Record>
class StepRunner {
 public:
  using Progress = typename Source::Progress;
  using Output = typename Operator::Output;

  StepRunner(RunnerConfig config, typename Operator::Config operator_config, Source& source,
             Committer& committer, const Clock& clock, StepObserver* observer = nullptr)
      : config_(config),
        operator_config_(std::move(operator_config)),
        source_(source),
        committer_(committer),
        clock_(clock),
        observer_(observer),
        operator_(std::make_unique<Operator>(operator_config_)),
        step_started_(clock_.steady()) {}

  // Runs until `stop`, or with `until_idle` until the source is exhausted and all is committed.
  void run(bool until_idle, const std::stop_token& stop) {
    // A step that was not committed is redone from what is, after a backoff that grows while
    // steps keep failing and starts over once one is committed; anything else ends the run.
    Retrier redo(RetryPolicy{"the step (going back to what is committed to redo it)",
                             config_.retry_backoff, std::nullopt});
    std::uint64_t committed = committer_.committed_through();
    try {
      while (!stop.stop_requested()) {
        try {
          if (run_once(stop) && until_idle) break;
        } catch (const StepAborted& failure) {
          redo.on_failure(
              failure,
              [this](const std::exception&) {
                reset_to_committed();
                return Recovery::kRetry;
              },
              stop);
        }
        if (committer_.committed_through() > committed) {
          committed = committer_.committed_through();
          redo.on_success();
        }
      }
    } catch (const Stopped&) {
      // a wait was cut short: finish() below says what was not committed
    }
    finish();
  }

  // Restores the committed state of `partitions` and reads them from now on (for sources whose
  // partitions are known up front; the others announce them in their batches).
  void assign(const std::set<core::PartitionId>& partitions) { on_assigned(partitions); }

  const Operator& op() const { return *operator_; }
  const std::set<core::PartitionId>& assigned() const { return assigned_; }

 private:
  // One poll and what follows; true when --until-idle may end here.
  bool run_once(const std::stop_token& stop) {
    const bool step_open = !progress_.empty() || !output_.empty();
    const auto now = clock_.steady();
    auto until = step_open
                     ? std::min(step_started_ + config_.max_step_delay, now + config_.step_linger)
                     : now + config_.idle_wait;
    if (step_open && committer_.busy()) until = std::max(until, now + config_.step_linger);
    if (!follow_ups_.empty()) until = std::min(until, now + config_.step_linger);
    InputBatch<Progress, typename Source::Record> batch = source_.poll(stop, until);
    if (!batch.revoked.empty()) on_revoked(batch.revoked);
    if (!batch.assigned.empty()) on_assigned(batch.assigned);
    apply(batch);
    operator_->on_processing_time(clock_.wall_millis(), output_);
    const bool full = records_in_step_ >= config_.max_step_records;
    const bool due = full || clock_.steady() - step_started_ >= config_.max_step_delay;
    // While the previous step is still being committed (a slow store), this one keeps growing
    // instead of waiting for it: reading and processing overlap the commit, and a slow store
    // gets fewer, bigger writes.
    const bool hold = !full && committer_.busy();
    // The unit is followed up once the step now open is durable, without ending the step or
    // waiting for it: many small files make neither many small steps nor a stop at each.
    if (batch.ends_unit) follow_ups_.push_back(steps_ + 1);
    const bool paused = !batch.has_inputs() && !batch.ends_unit;  // the source has nothing now
    if ((paused || due) && !hold) commit();
    const bool idle = !batch.has_inputs() && output_.empty() && progress_.empty();
    if (idle && !follow_ups_.empty()) committer_.wait();  // nothing else to do meanwhile
    follow_up_committed();
    return idle && follow_ups_.empty() && source_.exhausted();
  }

  // Tells the source about each unit it ended whose step is now durable, in order.
  void follow_up_committed() {
    while (!follow_ups_.empty() && committer_.committed_through() >= follow_ups_.front()) {
      follow_ups_.pop_front();
      source_.after_commit();
    }
  }

  void apply(InputBatch<Progress, typename Source::Record>& batch) {
    operator_->set_processing_time(clock_.wall_millis());
    for (const core::PartitionId p : batch.resumed) {
      if (assigned_.contains(p)) operator_->set_caught_up(p, false, output_);
    }
    std::vector<BadInput> bad;
    for (auto& input : batch.inputs) {
      if (!assigned_.contains(input.partition)) continue;  // read before it was taken away
      operator_->apply(input, output_, bad);
      summary_.agreements += input.agreements.size();
      summary_.records += input.records.size();
      records_in_step_ += input.records.size();
    }
    for (BadInput& b : bad) report_bad(std::move(b));
    for (BadInput& b : batch.bad) report_bad(std::move(b));
    for (const core::PartitionId p : batch.caught_up) {
      if (assigned_.contains(p)) operator_->set_caught_up(p, true, output_);
    }
    for (auto& [key, value] : batch.progress) progress_.insert_or_assign(key, std::move(value));
  }

  void report_bad(BadInput bad) {
    if (bad_logged_[bad.origin]++ < config_.bad_inputs_logged_per_origin) {
      spdlog::warn("{}:{}: {}", bad.origin, bad.position, bad.reason);
    }
    summary_.bad_inputs.push_back(std::move(bad));
  }

  // Hands the step so far to the committer (which first finishes the previous one).
  void commit() {
    Step<Progress, Output> step;
    std::vector<BadInput> bad;
    operator_->end_step(step.state, output_, bad);
    for (BadInput& b : bad) report_bad(std::move(b));
    step.output = std::move(output_);
    output_ = Output();
    step.progress = std::move(progress_);
    progress_ = Progress();
    if (step.empty() && summary_.bad_inputs.empty()) {
      step_started_ = clock_.steady();
      return;
    }
    step.summary = std::move(summary_);
    summary_ = StepSummary();
    step.summary.number = ++steps_;
    operator_->describe(step.output, step.summary);
    step.observer = observer_;
    records_in_step_ = 0;
    step_started_ = clock_.steady();
    committer_.submit(std::move(step));
  }

  void on_revoked(const std::set<core::PartitionId>& partitions) {
    // What was read since the last commit is abandoned: the next owner redoes it.
    for (const core::PartitionId p : partitions) assigned_.erase(p);
    spdlog::info("partitions revoked: abandoning the uncommitted step");
    reset_to_committed();
  }

  void on_assigned(const std::set<core::PartitionId>& partitions) {
    wait_ignoring_abort();  // the restored state must include the step in flight
    committer_.restore(partitions, *operator_);
    operator_->set_processing_time(clock_.wall_millis());
    for (const core::PartitionId p : partitions) {
      operator_->assign_partition(p);
      assigned_.insert(p);
    }
  }

  void reset_to_committed() {
    wait_ignoring_abort();
    operator_ = std::make_unique<Operator>(operator_config_);
    operator_->set_processing_time(clock_.wall_millis());
    if (!assigned_.empty()) {
      committer_.restore(assigned_, *operator_);
      for (const core::PartitionId p : assigned_) operator_->assign_partition(p);
    }
    output_ = Output();
    progress_ = Progress();
    summary_ = StepSummary();
    records_in_step_ = 0;
    step_started_ = clock_.steady();
    follow_ups_.clear();  // their steps were not committed: the source reads them again
    source_.rewind();
  }

  void wait_ignoring_abort() {
    try {
      committer_.wait();
    } catch (const StepAborted&) {
      // about to go back to what is committed anyway
    }
  }

  // On the way out: the last step, if the committer can still make it.
  void finish() {
    try {
      commit();
      committer_.wait();
      follow_up_committed();
    } catch (const StepAborted& e) {
      spdlog::warn("the last step was not committed ({}); the next start redoes it", e.what());
    } catch (const Stopped&) {
      spdlog::warn("stopped before the last step was committed; the next start redoes it");
    }
  }

  RunnerConfig config_;
  typename Operator::Config operator_config_;
  Source& source_;
  Committer& committer_;
  const Clock& clock_;
  StepObserver* observer_;
  std::unique_ptr<Operator> operator_;
  std::set<core::PartitionId> assigned_;
  Output output_;
  Progress progress_;
  StepSummary summary_;
  std::size_t records_in_step_ = 0;
  std::uint64_t steps_ = 0;
  std::deque<std::uint64_t> follow_ups_;  // steps that ended a unit of the source, oldest first
  std::chrono::steady_clock::time_point step_started_;
  std::map<std::string, std::size_t> bad_logged_;
};

}  // namespace mobilecs::runtime
