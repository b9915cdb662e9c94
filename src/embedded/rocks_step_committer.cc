#include "embedded/rocks_step_committer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/codec/notification_json.h"
#include "embedded/output_lines.h"
#include "rocks/state_store.h"

namespace mobilecs::embedded {

RocksStepCommitter::RocksStepCommitter(rocks::Database& db, rocks::DataRecordStore& records,
                                       FileOutbox& notifications, FileOutbox& late_records)
    : db_(db), records_(records), notifications_(notifications), late_records_(late_records) {}

void RocksStepCommitter::submit(StepType&& step) {
  committer_.submit([this, step = std::move(step)]() mutable { commit(step); });
}

void RocksStepCommitter::commit(StepType& step) {
  const auto started = std::chrono::steady_clock::now();
  rocks::WriteBatch batch = db_.batch();
  std::vector<runtime::StateChanges::Change> changes;
  changes.reserve(step.state.size());
  step.state.for_each(
      [&](const runtime::StateChanges::Change& change) { changes.push_back(change); });
  std::stable_sort(changes.begin(), changes.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
  for (const auto& change : changes) {
    if (change.value) {
      batch.put(rocks::Family::kState, change.key, *change.value);
    } else {
      batch.erase(rocks::Family::kState, change.key);
    }
  }
  records_.stage_agreements(batch, step.output.agreements);
  records_.stage(batch, step.output.data_records);
  for (const core::Notification& n : step.output.notifications) {
    notifications_.stage(batch, notification_line(n));
  }
  for (const core::LateRecord& late : step.output.late_records) {
    late_records_.stage(batch, core::late_record_to_json(late));
  }
  for (const auto& [key, progress] : step.progress) {
    batch.put(rocks::Family::kMeta, key, files::encode_file_progress(progress));
  }
  db_.write(batch);
  notifications_.deliver();
  late_records_.deliver();
  if (!step.output.late_records.empty()) {
    spdlog::warn("{} late record(s) stored but not counted in their closed billing periods; see {}",
                 step.output.late_records.size(), late_records_.file().string());
  }
  step.report_committed(std::chrono::steady_clock::now() - started);
}

void RocksStepCommitter::restore(const std::set<core::PartitionId>& partitions,
                                 core::UsageProcessor& processor) {
  rocks::restore_state(db_, partitions, processor);
}

}  // namespace mobilecs::embedded
