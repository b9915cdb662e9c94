#include "embedded/file_source.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/codec/agreement_json.h"
#include "core/codec/incoming_record_line.h"
#include "files/rejected_lines.h"

namespace mobilecs::embedded {
namespace fs = std::filesystem;

namespace {

constexpr const char* kAgreementProgress = "progress/agreements/";
constexpr const char* kRecordProgress = "progress/records/";

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

// A file as the reports name it: its folder and name.
std::string origin(const files::IncomingFile& file) {
  return (file.path.parent_path().filename() / file.name).string();
}

}  // namespace

std::string FileSource::record_progress_key(const std::string& name) {
  return kRecordProgress + name;
}

FileSource::Folders::Folders(const DataFolder& folder)
    : agreements(files::Folder::open(folder.agreements(), folder.links)),
      agreements_processed(agreements.subfolder(DataFolder::kProcessed)),
      records(files::Folder::open(folder.incoming_data_records(), folder.links)),
      records_processed(records.subfolder(DataFolder::kProcessed)) {}

FileSource::FileSource(const DataFolder& folder, rocks::Database& db, std::size_t chunk_bytes,
                       std::chrono::milliseconds poll_interval)
    : folders_(folder),
      db_(db),
      chunk_bytes_(chunk_bytes),
      poll_interval_(poll_interval),
      record_reader_(
          folders_.records,
          [this](const std::string& name) { return saved_progress(kRecordProgress + name); },
          chunk_bytes),
      record_chunks_("mobilecs-parse", [this] { return record_reader_.next(); }) {
  watch_.emplace(std::vector{folders_.agreements.path(), folders_.records.path()});
  forget_orphaned_progress(folders_.agreements, kAgreementProgress);
  forget_orphaned_progress(folders_.records, kRecordProgress);
}

FileSource::~FileSource() = default;

std::optional<files::FileProgress> FileSource::saved_progress(const std::string& key) {
  const auto saved = db_.get(rocks::Family::kMeta, key);
  return saved ? files::decode_file_progress(*saved) : std::nullopt;
}

void FileSource::forget_orphaned_progress(const files::Folder& dir, const std::string& prefix) {
  // A crash between setting a file aside and deleting its progress leaves the entry behind.
  rocks::WriteBatch batch = db_.batch();
  db_.for_each(rocks::Family::kMeta, prefix, [&](std::string_view key, std::string_view) {
    if (!dir.contains(key.substr(prefix.size()))) batch.erase(rocks::Family::kMeta, key);
  });
  db_.write(batch);
}

runtime::InputBatch<FileSource::Progress> FileSource::poll(
    const std::stop_token& stop, std::chrono::steady_clock::time_point until) {
  runtime::InputBatch<Progress> batch;
  // Agreements are reference data: all that wait go before the next chunk of records.
  if (next_agreements(batch) || next_records(batch)) {
    exhausted_ = false;
    if (caught_up_) {
      caught_up_ = false;
      batch.resumed = {kPartition};
    }
    return batch;
  }
  exhausted_ = true;
  if (!caught_up_) {
    caught_up_ = true;  // nothing to read: the input is caught up
    batch.caught_up = {kPartition};
    return batch;
  }
  const std::chrono::steady_clock::duration remaining = until - std::chrono::steady_clock::now();
  watch_->wait(stop, std::clamp<std::chrono::steady_clock::duration>(
                         remaining, std::chrono::milliseconds(0), poll_interval_));
  return batch;
}

bool FileSource::open_agreement_file() {
  for (files::IncomingFile& file : files::list_complete_files(folders_.agreements)) {
    const bool read_to_its_end = std::any_of(finished_.begin(), finished_.end(), [&](auto& f) {
      return f.agreements && f.file.name == file.name;
    });
    if (read_to_its_end) continue;  // set aside once its step is committed
    files::FileProgress progress{file.identity, 0, 0, 0, {}};
    if (const auto saved = saved_progress(kAgreementProgress + file.name);
        saved && saved->identity == file.identity) {
      progress = *saved;
    }
    std::unique_ptr<files::LineReader> reader;
    if (file.refusal.empty()) {
      try {
        reader = std::make_unique<files::LineReader>(folders_.agreements, file.name,
                                                     progress.offset, progress.lines, chunk_bytes_);
      } catch (const fs::filesystem_error& e) {
        const auto refusal = files::refusal_of(e);
        if (!refusal) {
          spdlog::warn("skipping {} for now: {}", file.name, e.what());
          continue;
        }
        file.refusal = *refusal;
      }
    }
    agreement_file_ = AgreementFile{std::move(file), progress, std::move(reader)};
    return true;
  }
  return false;
}

bool FileSource::next_agreements(runtime::InputBatch<Progress>& batch) {
  if (!agreement_file_ && !open_agreement_file()) return false;
  AgreementFile& open = *agreement_file_;
  const std::string key = kAgreementProgress + open.file.name;
  if (!open.reader) {
    ++open.progress.bad_lines;
    batch.bad.push_back(runtime::BadInput{origin(open.file), files::kWholeFile, open.file.refusal});
  }
  if (!open.reader || !open.reader->next(lines_)) {
    finished_.push_back(FinishedFile{open.file, open.progress, true});
    batch.progress[key] = open.progress;
    batch.ends_unit = true;
    agreement_file_.reset();
    return true;
  }
  runtime::PartitionInput input;
  input.partition = kPartition;
  std::string error;
  core::Agreement agreement;
  for (const files::LineReader::Line& line : lines_) {
    if (line.too_long) {
      error = files::too_long_reason();
    } else if (files::is_blank(line.text)) {
      continue;
    } else if (core::parse_agreement_json(line.text, zones_, agreement, error)) {
      input.agreements.push_back(agreement);
      continue;
    }
    ++open.progress.bad_lines;
    batch.bad.push_back(runtime::BadInput{origin(open.file), line.number, error});
  }
  open.progress.offset = open.reader->offset();
  open.progress.lines = open.reader->line_number();
  batch.inputs.push_back(std::move(input));
  batch.progress[key] = open.progress;
  return true;
}

bool FileSource::next_records(runtime::InputBatch<Progress>& batch) {
  std::optional<ParsedChunk> chunk = record_chunks_.next();
  if (!chunk) return false;
  const std::string file_origin = origin(chunk->file);
  for (BadLine& bad : chunk->bad_lines) {
    batch.bad.push_back(runtime::BadInput{file_origin, bad.number, std::move(bad.reason)});
  }
  if (!chunk->records.empty()) {
    runtime::PartitionInput input;
    input.partition = kPartition;
    input.records = std::move(chunk->records);
    input.records_origin = file_origin;
    input.record_positions = std::move(chunk->record_lines);
    batch.inputs.push_back(std::move(input));
  }
  batch.progress[kRecordProgress + chunk->file.name] = chunk->progress;
  if (chunk->end_of_file) {
    finished_.push_back(FinishedFile{chunk->file, chunk->progress, false});
    batch.ends_unit = true;
  }
  return true;
}

void FileSource::after_commit() {
  // Each batch that ended a file asked for this once, in order.
  set_aside(finished_.front());
  finished_.pop_front();
}

void FileSource::set_aside(const FinishedFile& finished) {
  const auto& [file, progress, agreements] = finished;
  const fs::path moved = files::set_aside_processed_file(
      agreements ? folders_.agreements : folders_.records, file, progress.bad_lines,
      agreements ? folders_.agreements_processed : folders_.records_processed,
      agreements ? files::LineCheck(check_agreement_line) : files::LineCheck(check_record_line));
  rocks::WriteBatch batch = db_.batch();
  batch.erase(rocks::Family::kMeta,
              (agreements ? kAgreementProgress : kRecordProgress) + file.name);
  db_.write(batch);
  if (!agreements) record_reader_.finished(file.name);
  ++stats_.files;
  stats_.lines += progress.lines;
  stats_.bad_lines += progress.bad_lines;
  if (progress.bad_lines > 0) {
    spdlog::warn("{}: {} of {} lines rejected; see {}.report.txt", file.name, progress.bad_lines,
                 progress.lines, moved.string());
  } else {
    spdlog::info("{}: {} lines imported, moved to {}", file.name, progress.lines, moved.string());
  }
}

}  // namespace mobilecs::embedded
