#include "runtime/step_runner.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <optional>

#include "core/processing/test/processor_test_support.h"
#include "runtime/usage_operator.h"

namespace mobilecs::runtime {
namespace {

using Progress = std::map<std::string, int>;
using core::testing::Inputs;
using Batch = InputBatch<Progress, core::UsageRecord>;

class FakeClock final : public Clock {
 public:
  core::EpochMillis wall_millis() const override { return 1'700'000'000'000; }
  SteadyTime steady() const override { return now; }
  SteadyTime now{};
};

// A committer over an in-memory key-value store; it can be told to abort the next step.
class FakeCommitter {
 public:
  void submit(Step<Progress, core::ProcessorOutput>&& step) {
    rethrow_failure();
    if (++submits == abort_submit) {
      failed = true;
      ++aborted;
      return;
    }
    step.state.for_each([&](const StateChanges::Change& c) {
      if (c.value) {
        state[std::string(c.key)] = std::string(*c.value);
      } else {
        state.erase(std::string(c.key));
      }
    });
    for (const auto& n : step.output.notifications) notifications.push_back(n);
    for (const auto& [key, value] : step.progress) progress[key] = value;
    for (const auto& bad : step.summary.bad_inputs) bad_inputs.push_back(bad);
    ++committed;
    events.push_back("commit");
    // Lagging, a step is durable only once the next one is submitted (or on wait()).
    durable = durable_lag ? std::exchange(submitted, step.summary.number) : step.summary.number;
  }
  bool busy() const { return writing; }
  void wait() {
    rethrow_failure();
    durable = std::max(durable, submitted);
  }
  std::uint64_t committed_through() const { return durable; }
  void restore(const std::set<core::PartitionId>& partitions, UsageOperator& op) {
    restored.push_back(partitions);
    for (const auto& [k, v] : state) op.processor().restore(k, v);
  }

  std::map<std::string, std::string> state;
  Progress progress;
  std::vector<core::Notification> notifications;
  std::vector<BadInput> bad_inputs;
  std::vector<std::set<core::PartitionId>> restored;
  std::vector<std::string> events;
  int submits = 0;
  int committed = 0;
  int aborted = 0;
  int abort_submit = 0;  // the submit to abort (1-based); 0: none
  bool failed = false;
  bool writing = false;      // as if still committing the previous step
  bool durable_lag = false;  // as if each step were written while the next one is processed
  std::uint64_t submitted = 0;
  std::uint64_t durable = 0;

 private:
  void rethrow_failure() {
    if (std::exchange(failed, false)) throw StepAborted("transaction aborted");
  }
};

// Hands out scripted batches; its position is the index of the next one, so rewinding goes back
// to the position last committed.
class FakeSource {
 public:
  using Progress = runtime::Progress;
  using Record = core::UsageRecord;

  FakeSource(std::vector<Batch> script, FakeCommitter& committer)
      : script_(std::move(script)), committer_(committer) {}

  Batch poll(const std::stop_token&, std::chrono::steady_clock::time_point until) {
    ++polls;
    if (next_ >= script_.size()) {
      if (finish_writing_when_exhausted) committer_.writing = false;
      if (silence) silence->wait(until, committer_);
      Batch idle;
      if (!caught_up_) idle.caught_up = {core::PartitionId{0}};
      caught_up_ = true;
      return idle;
    }
    Batch batch = script_[next_++];
    if (batch.revoked.empty()) batch.progress["position"] = static_cast<int>(next_);
    return batch;
  }
  bool exhausted() const { return next_ >= script_.size(); }
  void rewind() {
    ++rewinds;
    if (!replay_on_rewind) return;
    const auto it = committer_.progress.find("position");
    next_ = it == committer_.progress.end() ? 0 : static_cast<std::size_t>(it->second);
  }
  void after_commit() { committer_.events.push_back("after_commit"); }

  // Once the script is done, time passes: each poll waits until its deadline. The committer
  // stays busy for `busy_polls` of them, and the run is stopped after `before_stop` of quiet,
  // with what was committed by then noted.
  struct Silence {
    Silence(FakeClock& clock, std::stop_source& stop, int busy_polls,
            std::chrono::milliseconds before_stop)
        : clock(clock), stop(stop), busy_polls(busy_polls), before_stop(before_stop) {}

    FakeClock& clock;
    std::stop_source& stop;
    int busy_polls;
    std::chrono::milliseconds before_stop;
    int notifications_committed_before_stop = -1;
    std::optional<Clock::SteadyTime> since;

    void wait(Clock::SteadyTime until, FakeCommitter& committer) {
      if (!since) since = clock.now;
      clock.now = std::max(clock.now, until);
      if (busy_polls-- == 0) committer.writing = false;
      if (clock.now - *since >= before_stop && !stop.stop_requested()) {
        notifications_committed_before_stop = static_cast<int>(committer.notifications.size());
        stop.request_stop();
      }
    }
  };

  int polls = 0;
  int rewinds = 0;
  std::optional<Silence> silence;
  bool replay_on_rewind = true;                // false: as if the rewound partitions were gone
  bool finish_writing_when_exhausted = false;  // the committer's write ends with the script

 private:
  std::vector<Batch> script_;
  FakeCommitter& committer_;
  std::size_t next_ = 0;
  bool caught_up_ = false;
};

constexpr std::int64_t kPlan = 1000;

class StepRunnerTest : public ::testing::Test {
 protected:
  Batch agreements() {
    Batch batch;
    PartitionInput<core::UsageRecord> input;
    input.agreements.push_back(inputs_.agreement(1, "48600000001", "2020-01-01T00:00Z", kPlan));
    batch.inputs.push_back(std::move(input));
    return batch;
  }
  // `count` records of 300 bytes for the subscriber, a day apart from January 2 on.
  Batch records(int first_day, int count) {
    Batch batch;
    PartitionInput<core::UsageRecord> input;
    for (int day = first_day; day < first_day + count; ++day) {
      const auto r = inputs_.record(static_cast<std::uint8_t>(day), "48600000001",
                                    fmt::format("2020-01-{:02}T12:00Z", day), 300);
      input.records.push_back(core::UsageRecord{core::MsisdnKey::parse(r.msisdn)->packed(),
                                                r.recorded_at, r.internal_id, r.recorded_bytes});
    }
    batch.inputs.push_back(std::move(input));
    return batch;
  }
  Batch february() {
    Batch batch = records(1, 0);
    const auto r = inputs_.record(99, "48600000001", "2020-02-10T12:00Z", 1);
    batch.inputs[0].records.push_back(core::UsageRecord{core::MsisdnKey::parse(r.msisdn)->packed(),
                                                        r.recorded_at, r.internal_id, 1});
    return batch;
  }

  void run(FakeSource& source, RunnerConfig config = {}) {
    StepRunner<FakeSource, UsageOperator, FakeCommitter> runner(config, {}, source, committer_,
                                                                clock_);
    runner.assign({core::PartitionId{0}});
    std::stop_source stop;
    runner.run(true, stop.get_token());
  }

  std::vector<core::NotificationType> notification_types() const {
    std::vector<core::NotificationType> types;
    for (const auto& n : committer_.notifications) types.push_back(n.type);
    return types;
  }

  Inputs inputs_;
  FakeClock clock_;
  FakeCommitter committer_;
};

TEST_F(StepRunnerTest, CommitsWhatItReadOnceTheSourceIsCaughtUp) {
  FakeSource source({agreements(), records(2, 5), february()}, committer_);
  run(source);
  // Plan reached at the 4th record (1200 >= 1000); January closed by February's record.
  EXPECT_EQ(notification_types(), (std::vector{core::NotificationType::kDataPlanExceeded,
                                               core::NotificationType::kBillingPeriodClosed}));
  EXPECT_EQ(committer_.notifications[1].total_recorded_bytes, 1500);
  EXPECT_EQ(committer_.progress.at("position"), 3);
  EXPECT_FALSE(committer_.state.empty());
}

TEST_F(StepRunnerTest, AStepEndsWhenItHoldsEnoughRecords) {
  FakeSource source({agreements(), records(2, 2), records(4, 2), records(6, 2)}, committer_);
  RunnerConfig config;
  config.max_step_records = 2;
  run(source, config);
  EXPECT_GE(committer_.committed, 3);
}

TEST_F(StepRunnerTest, WhileThePreviousStepIsBeingCommittedTheNextOneGrows) {
  RunnerConfig config;
  config.max_step_delay = std::chrono::milliseconds(0);  // every batch is due
  FakeSource source({agreements(), records(2, 2), records(4, 2), records(6, 2)}, committer_);
  committer_.writing = true;
  source.finish_writing_when_exhausted = true;
  run(source, config);
  EXPECT_EQ(committer_.committed, 1) << "one step with everything, once the committer was free";
  EXPECT_EQ(committer_.progress.at("position"), 4);
  EXPECT_EQ(notification_types(), std::vector{core::NotificationType::kDataPlanExceeded});
}

// Issue 24: a burst of several steps, then silence. The step holding the burst's end grew while
// the committer was busy with the one before; it must be committed once the committer is free,
// within the step delay, not when more input comes or the run stops.
TEST_F(StepRunnerTest, TheEndOfABurstIsCommittedWithinTheStepDelayWithoutMoreInput) {
  RunnerConfig config;
  config.max_step_records = 3;
  // 900 bytes fill the first step; the 4th record reaches the plan in the step that grows.
  FakeSource source({agreements(), records(2, 3), records(5, 1)}, committer_);
  committer_.writing = true;
  std::stop_source stop;
  source.silence.emplace(clock_, stop, 3, config.max_step_delay);
  StepRunner<FakeSource, UsageOperator, FakeCommitter> runner(config, {}, source, committer_,
                                                              clock_);
  runner.assign({core::PartitionId{0}});
  runner.run(false, stop.get_token());
  EXPECT_EQ(source.silence->notifications_committed_before_stop, 1)
      << "the plan's notification waited for the run to stop";
  EXPECT_EQ(notification_types(), std::vector{core::NotificationType::kDataPlanExceeded});
}

TEST_F(StepRunnerTest, AStepThatIsFullIsSubmittedEvenWhileTheCommitterIsBusy) {
  RunnerConfig config;
  config.max_step_records = 2;
  FakeSource source({agreements(), records(2, 2), records(4, 2), records(6, 2)}, committer_);
  committer_.writing = true;
  source.finish_writing_when_exhausted = true;
  run(source, config);
  EXPECT_GE(committer_.committed, 3);
}

TEST_F(StepRunnerTest, TheSourceFollowsUpAUnitOnlyAfterItsStepIsCommitted) {
  Batch end_of_file = records(2, 1);
  end_of_file.ends_unit = true;
  FakeSource source({agreements(), end_of_file}, committer_);
  run(source);
  ASSERT_GE(committer_.events.size(), 2u);
  EXPECT_EQ(committer_.events[0], "commit");
  EXPECT_EQ(committer_.events[1], "after_commit");
}

TEST_F(StepRunnerTest, AUnitIsFollowedUpOnceDurableWithoutStoppingToWaitForIt) {
  RunnerConfig config;
  config.max_step_records = 1;
  Batch first_file = records(2, 1);
  first_file.ends_unit = true;
  Batch second_file = records(3, 1);
  second_file.ends_unit = true;
  FakeSource source({agreements(), first_file, second_file, records(4, 1)}, committer_);
  committer_.durable_lag = true;
  run(source, config);
  // Each file is followed up as soon as its step is durable (here: once the next is submitted);
  // had the runner waited for the commit, the first follow-up would come before the 2nd commit.
  ASSERT_GE(committer_.events.size(), 5u);
  EXPECT_EQ(
      std::vector(committer_.events.begin(), committer_.events.begin() + 5),
      (std::vector<std::string>{"commit", "commit", "after_commit", "commit", "after_commit"}));
}

TEST_F(StepRunnerTest, UnitsEndingInOneStepAreFollowedUpWhenItIsDurable) {
  std::vector<Batch> script{agreements()};
  for (int file = 0; file < 3; ++file) {
    script.push_back(records(2 + file, 1));
    script.emplace_back().ends_unit = true;  // as the file source says it: no inputs of its own
  }
  FakeSource source(script, committer_);
  run(source);
  // Three small files make one step, not three: the end of a file is not a pause of the source.
  EXPECT_EQ(committer_.events,
            (std::vector<std::string>{"commit", "after_commit", "after_commit", "after_commit"}));
}

TEST_F(StepRunnerTest, AnAbortedStepIsRedoneFromTheCommittedStateAndPublishedOnce) {
  Batch first = agreements();
  first.ends_unit = true;
  Batch second = records(2, 5);
  second.ends_unit = true;
  // A batch without inputs (nothing more to read for now) ends the step so far.
  FakeSource source({first, Batch(), second, Batch(), february()}, committer_);
  committer_.abort_submit = 2;  // the records' step: its transaction is aborted
  run(source);
  EXPECT_EQ(committer_.aborted, 1);
  EXPECT_EQ(source.rewinds, 1);
  // Restored at the start and again after the abort, from what was committed.
  EXPECT_EQ(committer_.restored.size(), 2u);
  EXPECT_EQ(notification_types(), (std::vector{core::NotificationType::kDataPlanExceeded,
                                               core::NotificationType::kBillingPeriodClosed}));
  EXPECT_EQ(committer_.notifications[1].total_recorded_bytes, 1500);
}

TEST_F(StepRunnerTest, RevokedPartitionsAbandonTheUncommittedStep) {
  Batch revoke;
  revoke.revoked = {core::PartitionId{0}};
  FakeSource source({agreements(), records(2, 5), revoke}, committer_);
  source.replay_on_rewind = false;
  run(source);
  EXPECT_TRUE(committer_.notifications.empty());
  EXPECT_EQ(committer_.committed, 0) << "nothing read before the revocation may be committed";
  EXPECT_EQ(source.rewinds, 1);
}

TEST_F(StepRunnerTest, BadInputsAreCommittedWithTheirStep) {
  Batch batch = records(2, 1);
  batch.bad.push_back(BadInput{"incoming-data-records/a.csv", 7, "expected 4 fields"});
  FakeSource source({agreements(), batch}, committer_);
  run(source);
  ASSERT_EQ(committer_.bad_inputs.size(), 1u);
  EXPECT_EQ(committer_.bad_inputs[0].position, 7u);
  EXPECT_EQ(committer_.bad_inputs[0].reason, "expected 4 fields");
}

TEST_F(StepRunnerTest, StopsWhenAskedAndCommitsWhatItHas) {
  FakeSource source({agreements(), records(2, 5)}, committer_);
  StepRunner<FakeSource, UsageOperator, FakeCommitter> runner(RunnerConfig{}, {}, source,
                                                              committer_, clock_);
  runner.assign({core::PartitionId{0}});
  std::stop_source stop;
  stop.request_stop();
  runner.run(false, stop.get_token());
  EXPECT_EQ(source.polls, 0);
  EXPECT_TRUE(committer_.notifications.empty());
}

}  // namespace
}  // namespace mobilecs::runtime
