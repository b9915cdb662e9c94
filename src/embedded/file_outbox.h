#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "rocks/database.h"

namespace mobilecs::embedded {

// Appends lines to a file exactly once, although the process may die at any moment. A step's
// lines are appended to the file first, and the file's length after them is written in the same
// RocksDB batch as the step; on start, whatever lies past the last committed length was written
// by a step that did not commit (possibly torn) and is cut off: that step is processed again and
// writes its lines again. So the file only ever holds whole lines, each once, and each line is
// written once (not also into RocksDB, which for millions of usage alerts cost more than making
// them).
//
// The lines of a step are formatted on a stage thread and appended on the commit thread, just
// before their batch is written.
class FileOutbox {
 public:
  // `channel` tells this outbox's entries from others' in the state.
  FileOutbox(rocks::Database& db, char channel, std::filesystem::path file, bool sync);

  // Appends `text` (whole lines) and records the file's new length in `batch`, which must be
  // written next: batches must be written in the order their text was appended.
  void append(rocks::WriteBatch& batch, std::string_view text);

  const std::filesystem::path& file() const { return file_; }

 private:
  std::string length_key() const;
  void recover();
  void recover_from_the_lines_outbox(std::uint64_t& committed_length);

  rocks::Database& db_;
  char channel_;
  std::filesystem::path file_;
  bool sync_;
};

}  // namespace mobilecs::embedded
