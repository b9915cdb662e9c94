#include "intake/record_file_reader.h"

#include <spdlog/spdlog.h>

#include "files/rejected_lines.h"

namespace mobilecs::intake {
namespace fs = std::filesystem;

FileQueue::FileQueue(const files::Folder& dir, const files::Folder* claim_from,
                     ProgressStore& progress, std::size_t chunk_bytes)
    : dir_(dir), claim_from_(claim_from), progress_(progress), chunk_bytes_(chunk_bytes) {}

void FileQueue::handed_out(const std::string& name) {
  std::lock_guard lock(handed_out_mutex_);
  handed_out_.insert(name);
}

void FileQueue::finished(const std::string& name) {
  std::lock_guard lock(handed_out_mutex_);
  handed_out_.erase(name);
}

void FileQueue::rewind() {
  std::lock_guard lock(handed_out_mutex_);
  handed_out_.clear();
}

std::vector<files::IncomingFile> FileQueue::candidates() {
  std::vector<files::IncomingFile> listed = files::list_complete_files(dir_);
  {
    std::lock_guard lock(handed_out_mutex_);
    std::erase_if(listed,
                  [&](const files::IncomingFile& f) { return handed_out_.contains(f.name); });
  }
  // What this reader claimed before goes first.
  if (claim_from_ == nullptr || !listed.empty()) return listed;
  for (const files::IncomingFile& file : files::list_complete_files(*claim_from_)) {
    try {
      if (claim_from_->rename_if_free(file.name, dir_, file.name)) {
        files::IncomingFile claimed = file;
        claimed.path = dir_.path() / file.name;
        return {claimed};
      }
    } catch (const fs::filesystem_error&) {
      // Another reader took it first, or it vanished: try the next.
    }
  }
  return {};
}

std::optional<FileQueue::Opened> FileQueue::open_next() {
  for (files::IncomingFile& file : candidates()) {
    files::FileProgress progress{file.identity, 0, 0, 0, {}};
    if (const auto saved = progress_.saved(file.name)) {
      if (saved->identity == file.identity) {
        progress = *saved;
      } else {
        spdlog::info("{} is a new file under an old name; importing it from the start",
                     file.path.string());
      }
    }
    std::unique_ptr<files::LineReader> reader;
    if (file.refusal.empty()) {
      try {
        reader = std::make_unique<files::LineReader>(dir_, file.name, progress.offset,
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
    if (progress.lines > 0 && reader) {
      spdlog::info("resuming {} at line {}", file.name, progress.lines + 1);
    }
    return Opened{std::move(file), std::move(progress), std::move(reader)};
  }
  return std::nullopt;
}

}  // namespace mobilecs::intake
