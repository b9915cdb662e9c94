#include "embedded/embedded_pipeline.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "core/codec/agreement_json.h"
#include "core/codec/incoming_record_line.h"
#include "core/codec/notification_json.h"
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
constexpr const char* kAgreementProgress = "progress/agreements/";
constexpr const char* kRecordProgress = "progress/records/";

core::EpochMillis wall_clock_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool check_record_line(std::string_view line, std::string& reason) {
  core::TimeZones zones;
  core::IncomingDataRecord record;
  return core::parse_incoming_record_line(line, zones, record, reason);
}

bool check_agreement_line(std::string_view line, std::string& reason) {
  core::TimeZones zones;
  core::Agreement agreement;
  return core::parse_agreement_json(line, zones, agreement, reason);
}

}  // namespace

EmbeddedPipeline::EmbeddedPipeline(EmbeddedConfig config)
    : config_(std::move(config)),
      db_(config_.folder.state(), rocks::Database::Options{config_.sync}),
      data_records_(db_),
      notifications_(db_, 'N', config_.folder.notifications(), config_.sync),
      late_records_(db_, 'L', config_.folder.late_records(), config_.sync),
      processor_(config_.processor),
      record_reader_(
          config_.folder.incoming_data_records(),
          [this](const std::string& name) { return saved_progress(kRecordProgress + name); },
          config_.read_chunk_bytes),
      record_chunks_("mobilecs-parse", [this] { return record_reader_.next(); }),
      committer_("mobilecs-commit"),
      last_commit_(std::chrono::steady_clock::now()),
      last_log_(last_commit_) {
  fs::create_directories(config_.folder.agreements());
  fs::create_directories(config_.folder.incoming_data_records());
  processor_.set_processing_time(wall_clock_millis());
  rocks::restore_state(db_, processor_);
  processor_.assign_partition(kPartition);
  forget_orphaned_progress(config_.folder.agreements(), kAgreementProgress);
  forget_orphaned_progress(config_.folder.incoming_data_records(), kRecordProgress);
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

std::optional<files::FileProgress> EmbeddedPipeline::saved_progress(const std::string& key) {
  const auto saved = db_.get(rocks::Database::Family::kMeta, key);
  return saved ? files::decode_file_progress(*saved) : std::nullopt;
}

void EmbeddedPipeline::forget_orphaned_progress(const fs::path& dir, const std::string& prefix) {
  // A crash between setting a file aside and deleting its progress leaves the entry behind.
  rocksdb::WriteBatch batch;
  db_.for_each(rocks::Database::Family::kMeta, prefix, [&](std::string_view key, std::string_view) {
    if (!fs::exists(dir / key.substr(prefix.size()))) {
      batch.Delete(db_.family(rocks::Database::Family::kMeta), key);
    }
  });
  db_.write(batch);
}

void EmbeddedPipeline::run(bool until_idle, const std::atomic<bool>& stop) {
  while (!stop.load(std::memory_order_relaxed)) {
    // Agreements are reference data: all that wait go before the next chunk of records.
    if (import_agreement_files()) {
      commit();
    }
    if (std::optional<ParsedChunk> chunk = record_chunks_.next()) {
      apply(*chunk);
      log_progress(false);
      continue;
    }
    // Nothing to read: every input is caught up.
    processor_.set_caught_up(kPartition, true, output_);
    processor_.on_processing_time(wall_clock_millis(), output_);
    commit();
    if (until_idle && !import_agreement_files()) {
      break;
    }
    std::this_thread::sleep_for(config_.poll_interval);
    processor_.set_caught_up(kPartition, false, output_);
  }
  commit();
  committer_.wait();
  log_progress(true);
}

void EmbeddedPipeline::apply(ParsedChunk& chunk) {
  processor_.set_processing_time(wall_clock_millis());
  // Each record's subscriber is a cache miss; asking for it a few records ahead hides it.
  constexpr std::size_t kPrefetchDistance = 8;
  const std::size_t count = chunk.records.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (i + kPrefetchDistance < count) {
      processor_.prefetch(chunk.records[i + kPrefetchDistance]);
    }
    processor_.add_record(kPartition, chunk.records[i], output_);
  }
  for (const BadLine& bad : chunk.bad_lines) {
    log_bad_line(chunk.file, bad.number, bad.reason);
  }
  stats_.bad_lines += chunk.bad_lines.size();
  records_since_commit_ += chunk.records.size();
  staged_progress_[kRecordProgress + chunk.file.name] = chunk.progress;
  if (chunk.end_of_file) {
    finish_file(chunk.file, chunk.progress, config_.folder.incoming_data_records(),
                kRecordProgress);
    record_reader_.finished(chunk.file.name);
  } else if (commit_due()) {
    commit();
  }
}

bool EmbeddedPipeline::open_agreement_file() {
  for (files::IncomingFile& file : files::list_complete_files(config_.folder.agreements())) {
    files::FileProgress progress{file.identity, 0, 0, 0};
    if (const auto saved = saved_progress(kAgreementProgress + file.name);
        saved && saved->identity == file.identity) {
      progress = *saved;
    }
    try {
      auto reader = std::make_unique<files::LineReader>(file.path, progress.offset, progress.lines,
                                                        config_.read_chunk_bytes);
      agreement_file_ = AgreementFile{std::move(file), progress, std::move(reader)};
      return true;
    } catch (const fs::filesystem_error& e) {
      spdlog::error("skipping {} for now: {}", file.path.string(), e.what());
    }
  }
  return false;
}

bool EmbeddedPipeline::import_agreement_files() {
  bool imported = false;
  while (agreement_file_ || open_agreement_file()) {
    imported = true;
    AgreementFile& open = *agreement_file_;
    if (!open.reader->next(lines_)) {
      const AgreementFile done = std::move(open);
      agreement_file_.reset();
      finish_file(done.file, done.progress, config_.folder.agreements(), kAgreementProgress);
      continue;
    }
    processor_.set_processing_time(wall_clock_millis());
    std::string error;
    core::Agreement agreement;
    for (const files::LineReader::Line& line : lines_) {
      if (line.too_long) {
        error = files::too_long_reason();
      } else if (files::is_blank(line.text) ||
                 (core::parse_agreement_json(line.text, zones_, agreement, error) &&
                  processor_.add_agreement(kPartition, agreement, output_, error))) {
        continue;
      }
      ++open.progress.bad_lines;
      ++stats_.bad_lines;
      log_bad_line(open.file, line.number, error);
    }
    open.progress.offset = open.reader->offset();
    open.progress.lines = open.reader->line_number();
    staged_progress_[kAgreementProgress + open.file.name] = open.progress;
  }
  return imported;
}

void EmbeddedPipeline::log_bad_line(const files::IncomingFile& file, std::uint64_t number,
                                    const std::string& reason) {
  if (bad_lines_logged_for_ != file.name) {
    bad_lines_logged_for_ = file.name;
    bad_lines_logged_ = 0;
  }
  if (bad_lines_logged_++ < kBadLinesLoggedPerFile) {
    spdlog::warn("{}:{}: {}", file.path.string(), number, reason);
  }
}

void EmbeddedPipeline::finish_file(const files::IncomingFile& file,
                                   const files::FileProgress& progress, const fs::path& input_dir,
                                   const std::string& progress_prefix) {
  commit();  // the file's last lines and its final progress
  committer_.wait();
  const fs::path moved = files::set_aside_processed_file(
      file, progress.bad_lines, DataFolder::processed(input_dir),
      progress_prefix == kRecordProgress ? files::LineCheck(check_record_line)
                                         : files::LineCheck(check_agreement_line));
  rocksdb::WriteBatch batch;
  batch.Delete(db_.family(rocks::Database::Family::kMeta), progress_prefix + file.name);
  db_.write(batch);
  ++stats_.files;
  stats_.lines += progress.lines;
  if (progress.bad_lines > 0) {
    spdlog::warn("{}: {} of {} lines rejected; see {}.report.txt", file.name, progress.bad_lines,
                 progress.lines, moved.string());
  } else {
    spdlog::info("{}: {} lines imported, moved to {}", file.name, progress.lines, moved.string());
  }
}

bool EmbeddedPipeline::commit_due() const {
  return records_since_commit_ >= config_.records_per_commit ||
         std::chrono::steady_clock::now() - last_commit_ >= config_.max_commit_delay;
}

void EmbeddedPipeline::commit() {
  committer_.wait();  // one step in flight at a time; rethrows its failure
  rocks::StateBatchSink state(db_, batch_);
  processor_.flush_state_changes(state);
  data_records_.stage_agreements(batch_, output_.agreements);
  for (const core::Notification& n : output_.notifications) {
    notifications_.stage(batch_, notification_line(n));
  }
  for (const core::LateRecord& late : output_.late_records) {
    late_records_.stage(batch_, core::late_record_to_json(late));
  }
  for (const auto& [key, progress] : staged_progress_) {
    batch_.Put(db_.family(rocks::Database::Family::kMeta), key,
               files::encode_file_progress(progress));
  }
  if (!output_.late_records.empty()) {
    spdlog::warn(
        "{} late record(s) stored but not counted in their closed billing periods; "
        "see {}",
        output_.late_records.size(), late_records_.file().string());
  }
  const MetricCounts counts = metric_counts();
  if (batch_.Count() > 0 || !output_.data_records.empty()) {
    ++stats_.commits;
    committer_.submit([this, counts, batch = std::move(batch_),
                       records = std::move(output_.data_records)]() mutable {
      data_records_.stage(batch, records);
      const auto started = std::chrono::steady_clock::now();
      db_.write(batch);
      if (config_.metrics != nullptr) {
        config_.metrics->store_write_seconds.observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      }
      notifications_.deliver();
      late_records_.deliver();
      publish_metrics(counts);
    });
    batch_ = rocksdb::WriteBatch();
  } else {
    publish_metrics(counts);
  }
  output_.clear();
  staged_progress_.clear();
  records_since_commit_ = 0;
  last_commit_ = std::chrono::steady_clock::now();
}

EmbeddedPipeline::MetricCounts EmbeddedPipeline::metric_counts() const {
  return MetricCounts{processor_.counters(), processor_.waiting_records(), stats_.bad_lines};
}

void EmbeddedPipeline::publish_metrics(const MetricCounts& counts) {
  if (config_.metrics == nullptr) return;
  const auto& c = counts.processor;
  auto& m = *config_.metrics;
  m.agreements_imported.set(c.agreements);
  m.records_imported.set(c.records);
  m.records_matched.set(c.matched);
  m.records_waiting.set(static_cast<double>(counts.waiting));
  m.records_late.set(c.late);
  m.records_malformed.set(counts.bad_lines);
  m.data_plan_exceeded.set(c.data_plan_exceeded);
  m.billing_period_closed.set(c.billing_period_closed);
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
