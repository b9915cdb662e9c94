#pragma once

#include <atomic>
#include <set>

#include "embedded/file_outbox.h"
#include "intake/file_source.h"
#include "rocks/database.h"
#include "rocks/rocks_data_record_store.h"
#include "runtime/background_task.h"
#include "runtime/step.h"
#include "runtime/usage_operator.h"

namespace mobilecs::embedded {

// The commit port of `mobilecs run`: each step (state changes, data records, agreements,
// notification, late-record and usage-alert lines, file progress) is one RocksDB write batch,
// written on a thread of its own while the next step is processed; then its lines are appended to
// their files, exactly once (FileOutbox). The batch is built (records sorted into billing periods,
// lists encoded, lines formatted) on a stage thread of its own: while step N is written, N+1 is
// built and N+2 processed. Built on the processing thread, it made that thread the pipeline's
// bottleneck. A failed write (a full disk) ends the run: RocksDB refuses writes after one, and a
// restart resumes after the last committed step.
class RocksStepCommitter {
 public:
  using StepType = runtime::Step<intake::FileProgressByKey, core::ProcessorOutput>;

  RocksStepCommitter(rocks::Database& db, rocks::RocksDataRecordStore& records,
                     FileOutbox& notifications, FileOutbox& late_records, FileOutbox& alerts);

  void submit(StepType&& step);
  bool busy() const;
  void wait();
  std::uint64_t committed_through() const { return durable_.through(); }
  void restore(const std::set<core::PartitionId>& partitions, runtime::UsageOperator& op);

 private:
  // A step as one write batch, and the lines to append just before it is written.
  struct PreparedStep {
    StepType step;
    rocks::WriteBatch batch;
    std::string notifications;
    std::string late_records;
    std::string alerts;
  };
  PreparedStep prepare(StepType&& step);
  void commit(PreparedStep& prepared);

  rocks::Database& db_;
  rocks::RocksDataRecordStore& records_;
  FileOutbox& notifications_;
  FileOutbox& late_records_;
  FileOutbox& alerts_;
  // Destroyed in reverse: the stage job ends first (it may still hand a step to the committer),
  // then the commit job (it counts itself out of commits_pending_).
  std::atomic<int> commits_pending_{0};
  runtime::DurableSteps durable_;
  // Only the stage thread submits to the committer (and wait(), once no stage job runs).
  runtime::BackgroundTask committer_{"mobilecs-commit"};
  runtime::BackgroundTask stager_{"mobilecs-stage"};
};

}  // namespace mobilecs::embedded
