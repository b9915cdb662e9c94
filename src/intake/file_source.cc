#include "intake/file_source.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/codec/agreement_json.h"
#include "files/rejected_lines.h"

namespace mobilecs::intake {
namespace fs = std::filesystem;

namespace {

// A crash between setting a file aside and forgetting its progress leaves the entry behind.
void forget_orphaned_progress(const files::Folder& dir, ProgressStore& progress) {
  for (const std::string& name : progress.names()) {
    if (!dir.contains(name)) progress.forget(name);
  }
}

std::vector<fs::path> watched(const FileInputs& inputs) {
  std::vector<fs::path> paths;
  if (inputs.agreements) paths.push_back(inputs.agreements->read.path());
  paths.push_back(inputs.claim_from ? inputs.claim_from->path() : inputs.records.read.path());
  return paths;
}

}  // namespace

template <class Parser>
FileSource<Parser>::FileSource(FileInputs inputs, std::size_t chunk_bytes,
                               std::chrono::milliseconds poll_interval)
    : inputs_(std::move(inputs)),
      record_reader_(inputs_.records.read, inputs_.claim_from ? &*inputs_.claim_from : nullptr,
                     *inputs_.records.progress, chunk_bytes),
      record_chunks_("mobilecs-parse", [this] { return record_reader_.next(); }),
      poll_interval_(poll_interval) {
  watch_.emplace(watched(inputs_));
  if (inputs_.agreements) {
    agreement_files_.emplace(inputs_.agreements->read, nullptr, *inputs_.agreements->progress,
                             chunk_bytes);
    forget_orphaned_progress(inputs_.agreements->read, *inputs_.agreements->progress);
  }
  forget_orphaned_progress(inputs_.records.read, *inputs_.records.progress);
}

template <class Parser>
FileSource<Parser>::~FileSource() = default;

template <class Parser>
typename FileSource<Parser>::Batch FileSource<Parser>::poll(
    const std::stop_token& stop, std::chrono::steady_clock::time_point until) {
  Batch batch;
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

template <class Parser>
void FileSource<Parser>::rewind() {
  record_chunks_.discard();
  record_reader_.rewind();
  agreement_file_.reset();
  if (agreement_files_) agreement_files_->rewind();
  finished_.clear();
}

template <class Parser>
std::string FileSource<Parser>::origin(const files::IncomingFile& file) const {
  // A claimed record file is named after the folder it was claimed from, where the user put it.
  const files::Folder& folder = inputs_.claim_from ? *inputs_.claim_from : inputs_.records.read;
  return (folder.path().filename() / file.name).string();
}

template <class Parser>
bool FileSource<Parser>::next_agreements(Batch& batch) {
  if (!agreement_files_) return false;
  if (!agreement_file_ && !(agreement_file_ = agreement_files_->open_next())) return false;
  FileQueue::Opened& open = *agreement_file_;
  const std::string key = inputs_.agreements->progress->key(open.file.name);
  const std::string file_origin =
      (inputs_.agreements->read.path().filename() / open.file.name).string();
  if (!open.reader) {
    ++open.progress.bad_lines;
    batch.bad.push_back(runtime::BadInput{file_origin, files::kWholeFile, open.file.refusal});
  }
  if (!open.reader || !open.reader->next(lines_)) {
    finished_.push_back(FinishedFile{open.file, open.progress, true});
    agreement_files_->handed_out(open.file.name);
    batch.progress[key] = open.progress;
    batch.ends_unit = true;
    agreement_file_.reset();
    return true;
  }
  runtime::PartitionInput<Record> input;
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
    batch.bad.push_back(runtime::BadInput{file_origin, line.number, error});
  }
  open.progress.offset = open.reader->offset();
  open.progress.lines = open.reader->line_number();
  batch.inputs.push_back(std::move(input));
  batch.progress[key] = open.progress;
  return true;
}

template <class Parser>
bool FileSource<Parser>::next_records(Batch& batch) {
  std::optional<ParsedChunk<Record>> chunk = record_chunks_.next();
  if (!chunk) return false;
  const std::string file_origin = origin(chunk->file);
  for (BadLine& bad : chunk->bad_lines) {
    batch.bad.push_back(runtime::BadInput{file_origin, bad.number, std::move(bad.reason)});
  }
  if (!chunk->records.empty()) {
    runtime::PartitionInput<Record> input;
    input.partition = kPartition;
    input.records = std::move(chunk->records);
    input.records_origin = file_origin;
    input.record_positions = std::move(chunk->record_lines);
    batch.inputs.push_back(std::move(input));
  }
  batch.progress[inputs_.records.progress->key(chunk->file.name)] = chunk->progress;
  if (chunk->end_of_file) {
    finished_.push_back(FinishedFile{chunk->file, chunk->progress, false});
    batch.ends_unit = true;
  }
  return true;
}

template <class Parser>
void FileSource<Parser>::after_commit() {
  // Each batch that ended a file asked for this once, in order.
  set_aside(finished_.front());
  finished_.pop_front();
}

template <class Parser>
void FileSource<Parser>::set_aside(const FinishedFile& finished) {
  const auto& [file, progress, agreements] = finished;
  const FileInputs::Folders& folders = agreements ? *inputs_.agreements : inputs_.records;
  const fs::path moved = files::set_aside_processed_file(
      folders.read, file, progress.bad_lines, folders.processed,
      agreements ? files::LineCheck(check_agreement_line) : files::LineCheck(check_record_line),
      progress.refused);
  folders.progress->forget(file.name);
  if (agreements) {
    agreement_files_->finished(file.name);
  } else {
    record_reader_.finished(file.name);
  }
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

template class FileSource<UsageRecordParser>;
template class FileSource<IncomingRecordMessageParser>;

}  // namespace mobilecs::intake
