#include "embedded/rocks_step_committer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/codec/notification_json.h"
#include "core/codec/usage_alert_json.h"
#include "rocks/state_store.h"

namespace mobilecs::embedded {
namespace {

// The lines `format` writes for `items`, each ended by a newline.
template <class T, class Format>
std::string lines_text(const std::vector<T>& items, Format format) {
  std::string text;
  // Room for the usual line at once: a step of alerts is hundreds of megabytes, and growing to it
  // copied it several times.
  text.reserve(items.size() * 512);
  for (const T& item : items) text.append(format(item)).push_back('\n');
  return text;
}

}  // namespace

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
  prepared.notifications = lines_text(s.output.notifications, core::notification_line);
  prepared.late_records = lines_text(s.output.late_records, core::late_record_to_json);
  prepared.alerts = lines_text(s.output.alerts, core::usage_alert_line);
  for (const auto& [key, progress] : s.progress) {
    batch.put(rocks::Family::kMeta, key, files::encode_file_progress(progress));
  }
  return prepared;
}

void RocksStepCommitter::commit(PreparedStep& prepared) {
  const auto started = std::chrono::steady_clock::now();
  // The lines first: a crash before the batch is written cuts them off again (FileOutbox).
  notifications_.append(prepared.batch, prepared.notifications);
  late_records_.append(prepared.batch, prepared.late_records);
  alerts_.append(prepared.batch, prepared.alerts);
  db_.write(prepared.batch);
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
