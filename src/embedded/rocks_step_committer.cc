#include "embedded/rocks_step_committer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/codec/notification_json.h"
#include "core/codec/usage_alert_json.h"
#include "rocks/state_store.h"

namespace mobilecs::embedded {

RocksStepCommitter::RocksStepCommitter(rocks::Database& db, rocks::RocksDataRecordStore& records,
                                       FileOutbox& notifications, FileOutbox& late_records,
                                       FileOutbox& alerts)
    : db_(db),
      records_(records),
      notifications_(notifications),
      late_records_(late_records),
      alerts_(alerts) {}

void RocksStepCommitter::submit(StepType&& step) {
  stager_.submit([this, step = std::move(step)]() mutable {
    PreparedStep prepared = prepare(std::move(step));
    ++commits_pending_;
    committer_.submit([this, prepared = std::move(prepared)]() mutable {
      struct Done {
        std::atomic<int>& pending;
        ~Done() { --pending; }
      } done{commits_pending_};
      commit(prepared);
    });
  });
}

bool RocksStepCommitter::busy() const { return stager_.busy() || commits_pending_ > 0; }

void RocksStepCommitter::wait() {
  stager_.wait();
  committer_.wait();  // no stage job runs now: the committer is this thread's to touch
}

RocksStepCommitter::PreparedStep RocksStepCommitter::prepare(StepType&& step) {
  PreparedStep prepared{std::move(step), db_.batch(), {}, {}, {}};
  StepType& s = prepared.step;
  rocks::WriteBatch& batch = prepared.batch;
  std::vector<runtime::StateChanges::Change> changes;
  changes.reserve(s.state.size());
  s.state.for_each([&](const runtime::StateChanges::Change& change) { changes.push_back(change); });
  // In key order, the memtable inserts follow each other.
  std::stable_sort(changes.begin(), changes.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
  for (const auto& change : changes) {
    if (change.value) {
      batch.put(rocks::Family::kState, change.key, *change.value);
    } else {
      batch.erase(rocks::Family::kState, change.key);
    }
  }
  records_.stage_agreements(batch, s.output.agreements);
  records_.stage(batch, s.output.data_records);
  std::vector<core::DataRecord>().swap(s.output.data_records);  // in the batch now
  std::vector<std::string> notification_lines;
  notification_lines.reserve(s.output.notifications.size());
  for (const core::Notification& n : s.output.notifications) {
    notification_lines.push_back(core::notification_line(n));
  }
  prepared.notifications = notifications_.stage(batch, std::move(notification_lines));
  std::vector<std::string> late_lines;
  for (const core::LateRecord& late : s.output.late_records) {
    late_lines.push_back(core::late_record_to_json(late));
  }
  prepared.late_records = late_records_.stage(batch, std::move(late_lines));
  std::vector<std::string> alert_lines;
  for (const core::UsageAlert& alert : s.output.alerts) {
    alert_lines.push_back(core::usage_alert_line(alert));
  }
  prepared.alerts = alerts_.stage(batch, std::move(alert_lines));
  for (const auto& [key, progress] : s.progress) {
    batch.put(rocks::Family::kMeta, key, files::encode_file_progress(progress));
  }
  return prepared;
}

void RocksStepCommitter::commit(PreparedStep& prepared) {
  const auto started = std::chrono::steady_clock::now();
  db_.write(prepared.batch);
  notifications_.deliver(std::move(prepared.notifications));
  late_records_.deliver(std::move(prepared.late_records));
  alerts_.deliver(std::move(prepared.alerts));
  const StepType& step = prepared.step;
  if (!step.output.late_records.empty()) {
    spdlog::warn("{} late record(s) stored but not counted in their closed billing periods; see {}",
                 step.output.late_records.size(), late_records_.file().string());
  }
  prepared.step.report_committed(std::chrono::steady_clock::now() - started);
  durable_.mark(prepared.step.summary);
}

void RocksStepCommitter::restore(const std::set<core::PartitionId>& partitions,
                                 runtime::UsageOperator& op) {
  rocks::restore_state(db_, partitions, op.processor());
}

}  // namespace mobilecs::embedded
