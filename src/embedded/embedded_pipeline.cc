#include "embedded/embedded_pipeline.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "core/codec/agreement_json.h"
#include "core/codec/incoming_record_line.h"
#include "core/time/zoned_date_time.h"
#include "embedded/output_lines.h"
#include "files/rejected_lines.h"
#include "rocks/state_store.h"

namespace mobilecs::embedded {
namespace fs = std::filesystem;

namespace {

constexpr core::PartitionId kPartition = 0;  // one input: the folder
constexpr std::uint64_t kBadLinesLoggedPerFile = 10;
constexpr auto kProgressLogInterval = std::chrono::seconds(5);

core::EpochMillis wall_clock_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

EmbeddedPipeline::EmbeddedPipeline(EmbeddedConfig config)
    : config_(std::move(config)),
      db_(config_.folder.state(), rocks::Database::Options{config_.sync}),
      data_records_(db_),
      notifications_(db_, 'N', config_.folder.notifications(), config_.sync),
      late_records_(db_, 'L', config_.folder.late_records(), config_.sync),
      processor_(config_.processor),
      agreements_{InputKind::kAgreements, config_.folder.agreements(), "progress/agreements/", {}},
      records_{
          InputKind::kRecords, config_.folder.incoming_data_records(), "progress/records/", {}},
      last_commit_(std::chrono::steady_clock::now()),
      last_log_(last_commit_) {
  fs::create_directories(agreements_.dir);
  fs::create_directories(records_.dir);
  processor_.set_processing_time(wall_clock_millis());
  rocks::restore_state(db_, processor_);
  processor_.assign_partition(kPartition);
  forget_orphaned_progress(agreements_);
  forget_orphaned_progress(records_);
  // Lines a previous run committed but did not get to write out.
  notifications_.deliver();
  late_records_.deliver();
  const core::EpochMillis watermark = processor_.watermark();
  spdlog::info(
      "data folder {}: {} waiting records, {} open windows, watermark {}",
      config_.folder.root.string(), processor_.waiting_records(), processor_.open_windows(),
      watermark == core::kNoWatermark ? std::string("none yet")
                                      : core::to_string(core::ZonedDateTime{
                                            core::Instant::from_epoch_millis(watermark), 0, ""}));
}

EmbeddedPipeline::~EmbeddedPipeline() = default;

void EmbeddedPipeline::forget_orphaned_progress(Input& input) {
  // A crash between setting a file aside and deleting its progress leaves the entry behind.
  std::vector<std::string> orphans;
  db_.for_each(rocks::Database::Family::kMeta, input.progress_prefix,
               [&](std::string_view key, std::string_view) {
                 if (!fs::exists(input.dir / key.substr(input.progress_prefix.size()))) {
                   orphans.emplace_back(key);
                 }
               });
  rocksdb::WriteBatch batch;
  for (const std::string& key : orphans) {
    batch.Delete(db_.family(rocks::Database::Family::kMeta), key);
  }
  db_.write(batch);
}

void EmbeddedPipeline::run(bool until_idle, const std::atomic<bool>& stop) {
  while (!stop.load(std::memory_order_relaxed)) {
    // Agreements are reference data: all that are waiting go before the next record chunk.
    bool worked = false;
    while (step(agreements_)) {
      worked = true;
    }
    if (worked) {
      commit();  // their released records and state are a step of their own
    }
    if (step(records_)) {
      if (commit_due()) commit();
      log_progress(false);
      continue;
    }
    if (worked) {
      continue;
    }
    // Nothing to read: every input is caught up.
    processor_.set_caught_up(kPartition, true, output_);
    processor_.on_processing_time(wall_clock_millis(), output_);
    commit();
    if (until_idle) {
      break;
    }
    std::this_thread::sleep_for(config_.poll_interval);
    processor_.set_caught_up(kPartition, false, output_);
  }
  commit();
  log_progress(true);
}

bool EmbeddedPipeline::open_next_file(Input& input) {
  for (files::IncomingFile& file : files::list_complete_files(input.dir)) {
    files::FileProgress progress{file.identity, 0, 0, 0};
    if (const auto saved =
            db_.get(rocks::Database::Family::kMeta, input.progress_prefix + file.name)) {
      const auto decoded = files::decode_file_progress(*saved);
      if (decoded && decoded->identity == file.identity) {
        progress = *decoded;
      } else {
        spdlog::info("{} is a new file under an old name; importing it from the start",
                     file.path.string());
      }
    }
    try {
      auto reader = std::make_unique<files::LineReader>(file.path, progress.offset, progress.lines,
                                                        config_.read_chunk_bytes);
      if (progress.lines > 0) {
        spdlog::info("resuming {} at line {}", file.name, progress.lines + 1);
      }
      input.current = Input::OpenFile{std::move(file), progress, std::move(reader), 0};
      return true;
    } catch (const fs::filesystem_error& e) {
      spdlog::error("skipping {} for now: {}", file.path.string(), e.what());
    }
  }
  return false;
}

bool EmbeddedPipeline::step(Input& input) {
  if (!input.current && !open_next_file(input)) {
    return false;
  }
  Input::OpenFile& open = *input.current;
  if (!open.reader->next(lines_)) {
    finish_file(input);
    return true;
  }
  processor_.set_processing_time(wall_clock_millis());
  std::string error;
  for (const files::LineReader::Line& line : lines_) {
    if (line.too_long) {
      error = files::too_long_reason();
    } else if (files::is_blank(line.text) || handle_line(input.kind, line.text, error)) {
      continue;
    }
    ++open.progress.bad_lines;
    ++stats_.bad_lines;
    if (open.bad_lines_logged++ < kBadLinesLoggedPerFile) {
      spdlog::warn("{}:{}: {}", open.file.path.string(), line.number, error);
    }
  }
  stats_.lines += lines_.size();
  open.progress.offset = open.reader->offset();
  open.progress.lines = open.reader->line_number();
  staged_progress_[input.progress_prefix + open.file.name] = open.progress;
  return true;
}

bool EmbeddedPipeline::handle_line(InputKind kind, std::string_view line, std::string& error) {
  if (kind == InputKind::kRecords) {
    core::IncomingDataRecord record;
    ++records_since_commit_;
    return core::parse_incoming_record_line(line, zones_, record, error) &&
           processor_.add_record(kPartition, record, output_, error);
  }
  core::Agreement agreement;
  return core::parse_agreement_json(line, zones_, agreement, error) &&
         processor_.add_agreement(kPartition, agreement, output_, error);
}

void EmbeddedPipeline::finish_file(Input& input) {
  Input::OpenFile open = std::move(*input.current);
  input.current.reset();
  commit();  // the file's last lines and its final progress
  const files::LineCheck check = [this, kind = input.kind](std::string_view line,
                                                           std::string& reason) {
    core::TimeZones zones;
    if (kind == InputKind::kRecords) {
      core::IncomingDataRecord record;
      return core::parse_incoming_record_line(line, zones, record, reason);
    }
    core::Agreement agreement;
    return core::parse_agreement_json(line, zones, agreement, reason);
  };
  const fs::path moved = files::set_aside_processed_file(open.file, open.progress.bad_lines,
                                                         DataFolder::processed(input.dir), check);
  rocksdb::WriteBatch batch;
  batch.Delete(db_.family(rocks::Database::Family::kMeta), input.progress_prefix + open.file.name);
  db_.write(batch);
  ++stats_.files;
  if (open.progress.bad_lines > 0) {
    spdlog::warn("{}: {} of {} lines rejected; see {}.report.txt", open.file.name,
                 open.progress.bad_lines, open.progress.lines, moved.string());
  } else {
    spdlog::info("{}: {} lines imported, moved to {}", open.file.name, open.progress.lines,
                 moved.string());
  }
}

bool EmbeddedPipeline::commit_due() const {
  return records_since_commit_ >= config_.records_per_commit ||
         std::chrono::steady_clock::now() - last_commit_ >= config_.max_commit_delay;
}

void EmbeddedPipeline::commit() {
  rocks::StateBatchSink state(db_, batch_);
  processor_.flush_state_changes(state);
  data_records_.stage(batch_, output_.data_records);
  data_records_.stage_agreements(batch_, output_.agreements);
  for (const core::Notification& n : output_.notifications) {
    notifications_.stage(batch_, notification_line(n));
  }
  for (const core::LateRecord& late : output_.late_records) {
    late_records_.stage(batch_, late_record_line(late));
  }
  for (const auto& [key, progress] : staged_progress_) {
    batch_.Put(db_.family(rocks::Database::Family::kMeta), key,
               files::encode_file_progress(progress));
  }
  if (batch_.Count() > 0) {
    db_.write(batch_);
    ++stats_.commits;
  }
  if (!output_.late_records.empty()) {
    spdlog::warn(
        "{} late record(s) stored but not counted in their closed billing periods; "
        "see {}",
        output_.late_records.size(), late_records_.file().string());
  }
  batch_.Clear();
  output_.clear();
  staged_progress_.clear();
  records_since_commit_ = 0;
  last_commit_ = std::chrono::steady_clock::now();
  notifications_.deliver();
  late_records_.deliver();
}

void EmbeddedPipeline::log_progress(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_log_ < kProgressLogInterval) {
    return;
  }
  const auto& c = processor_.counters();
  const double seconds = std::chrono::duration<double>(now - last_log_).count();
  spdlog::info(
      "{} records ({:.0f}/s), {} agreements, {} waiting, {} open windows, {} late, "
      "{} + {} notifications, {} bad lines",
      c.records, seconds > 0 ? (c.records - records_at_last_log_) / seconds : 0.0, c.agreements,
      processor_.waiting_records(), processor_.open_windows(), c.late, c.data_plan_exceeded,
      c.billing_period_closed, stats_.bad_lines);
  records_at_last_log_ = c.records;
  last_log_ = now;
}

}  // namespace mobilecs::embedded
