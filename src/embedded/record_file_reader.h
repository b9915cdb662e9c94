#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/incoming_data_record.h"
#include "core/time/time_zones.h"
#include "files/file_progress.h"
#include "files/incoming_folder.h"
#include "files/line_reader.h"

namespace mobilecs::embedded {

struct BadLine {
  std::uint64_t number = 0;
  std::string reason;
};

// A parsed chunk of an incoming data record file.
struct ParsedChunk {
  files::IncomingFile file;
  std::vector<core::UsageRecord> records;
  std::vector<std::uint64_t> record_lines;  // the line number of each record
  std::vector<BadLine> bad_lines;
  files::FileProgress progress;  // after this chunk
  bool end_of_file = false;
};

// Reads the complete files of an incoming folder in order (docs/semantics.md §1), from where a
// previous run stopped, and parses them chunk by chunk. Meant to run ahead of processing on another
// thread: only finished() may be called concurrently with next().
class RecordFileReader {
 public:
  using SavedProgress = std::function<std::optional<files::FileProgress>(const std::string& name)>;

  // `dir` must outlive the reader.
  RecordFileReader(const files::Folder& dir, SavedProgress saved_progress, std::size_t chunk_bytes);

  // The next chunk of the current file, or of the next complete file; nullopt when none waits. A
  // file that cannot be read (a symbolic link, not a regular file, no permission) is one chunk
  // at its end with one bad line, kWholeFile, saying why.
  std::optional<ParsedChunk> next();

  // The file whose last chunk next() returned has been set aside: it may be listed again (a new
  // file under the same name).
  void finished(const std::string& name);

 private:
  bool open_next_file();

  const files::Folder& dir_;
  SavedProgress saved_progress_;
  std::size_t chunk_bytes_;
  core::TimeZones zones_;
  std::optional<files::IncomingFile> file_;
  files::FileProgress progress_;
  std::unique_ptr<files::LineReader> reader_;
  std::vector<files::LineReader::Line> lines_;
  std::mutex handed_over_mutex_;
  std::set<std::string> handed_over_;  // read to the end, not yet set aside
};

}  // namespace mobilecs::embedded
