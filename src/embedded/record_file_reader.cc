#include "embedded/record_file_reader.h"

#include <spdlog/spdlog.h>

#include "core/codec/incoming_record_line.h"
#include "core/model/msisdn.h"
#include "files/rejected_lines.h"

namespace mobilecs::embedded {
namespace fs = std::filesystem;

RecordFileReader::RecordFileReader(const files::Folder& dir, SavedProgress saved_progress,
                                   std::size_t chunk_bytes)
    : dir_(dir), saved_progress_(std::move(saved_progress)), chunk_bytes_(chunk_bytes) {}

void RecordFileReader::finished(const std::string& name) {
  std::lock_guard lock(handed_over_mutex_);
  handed_over_.erase(name);
}

bool RecordFileReader::open_next_file() {
  for (files::IncomingFile& file : files::list_complete_files(dir_)) {
    {
      std::lock_guard lock(handed_over_mutex_);
      if (handed_over_.contains(file.name)) continue;
    }
    files::FileProgress progress{file.identity, 0, 0, 0, {}};
    if (const auto saved = saved_progress_(file.name)) {
      if (saved->identity == file.identity) {
        progress = *saved;
      } else {
        spdlog::info("{} is a new file under an old name; importing it from the start",
                     file.path.string());
      }
    }
    if (file.refusal.empty()) {
      try {
        reader_ = std::make_unique<files::LineReader>(dir_, file.name, progress.offset,
                                                      progress.lines, chunk_bytes_);
      } catch (const fs::filesystem_error& e) {
        const auto refusal = files::refusal_of(e);
        if (!refusal) {
          spdlog::warn("skipping {} for now: {}", file.name, e.what());
          continue;
        }
        file.refusal = *refusal;
      }
    }
    if (progress.lines > 0 && reader_) {
      spdlog::info("resuming {} at line {}", file.name, progress.lines + 1);
    }
    file_ = std::move(file);
    progress_ = progress;
    return true;
  }
  return false;
}

std::optional<ParsedChunk> RecordFileReader::next() {
  if (!file_ && !open_next_file()) {
    return std::nullopt;
  }
  ParsedChunk chunk;
  chunk.file = *file_;
  if (!file_->refusal.empty()) {
    chunk.bad_lines.push_back(BadLine{files::kWholeFile, file_->refusal});
    ++progress_.bad_lines;
  }
  if (!reader_ || !reader_->next(lines_)) {
    chunk.end_of_file = true;
    chunk.progress = progress_;
    {
      std::lock_guard lock(handed_over_mutex_);
      handed_over_.insert(file_->name);
    }
    file_.reset();
    reader_.reset();
    return chunk;
  }
  chunk.records.reserve(lines_.size());
  chunk.record_lines.reserve(lines_.size());
  core::IncomingDataRecord record;
  std::string error;
  for (const files::LineReader::Line& line : lines_) {
    if (line.too_long) {
      chunk.bad_lines.push_back(BadLine{line.number, files::too_long_reason()});
    } else if (files::is_blank(line.text)) {
      continue;
    } else if (core::parse_incoming_record_line(line.text, zones_, record, error)) {
      chunk.records.push_back(record.usage_record());
      chunk.record_lines.push_back(line.number);
    } else {
      chunk.bad_lines.push_back(BadLine{line.number, std::move(error)});
    }
  }
  progress_.offset = reader_->offset();
  progress_.lines = reader_->line_number();
  progress_.bad_lines += chunk.bad_lines.size();
  chunk.progress = progress_;
  return chunk;
}

}  // namespace mobilecs::embedded
