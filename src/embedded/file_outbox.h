#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "rocks/database.h"

namespace mobilecs::embedded {

// Appends lines to a file exactly once, although the process may die between committing a line
// and writing it (a transactional outbox). A line is staged into the same write batch as the
// step that produced it; after the commit it is appended to the file and marked delivered.
// On start, lines found in the file past the last delivered mark are recognised as delivered,
// and a torn last line is cut off, so the file only ever holds whole lines, each once.
//
// Staging and delivering may run on two threads (one builds the next batch while the other
// writes the previous one): each touches only its own members, and a line is handed from one to
// the other only with its batch, so no line is written before its batch has committed.
class FileOutbox {
 public:
  // Lines staged into one write batch, with their sequence numbers.
  using StagedLines = std::vector<std::pair<std::uint64_t, std::string>>;

  // `channel` tells this outbox's entries from others' in the shared column family.
  FileOutbox(rocks::Database& db, char channel, std::filesystem::path file, bool sync);

  // Batches must be committed in the order they were staged into.
  [[nodiscard]] StagedLines stage(rocks::WriteBatch& batch, std::vector<std::string> lines);
  // Appends what a crash left undelivered and then `committed`, lines staged into a batch that
  // has committed.
  void deliver(StagedLines committed = {});

  const std::filesystem::path& file() const { return file_; }

 private:
  struct Mark {
    std::uint64_t delivered_seq = 0;
    std::uint64_t length = 0;  // of the file after the last delivered line
  };
  std::string entry_key(std::uint64_t seq) const;
  std::string mark_key() const;
  void recover();
  void mark_delivered(std::uint64_t up_to_seq, std::uint64_t length);

  rocks::Database& db_;
  char channel_;
  std::filesystem::path file_;
  bool sync_;
  // The delivering thread's.
  std::uint64_t delivered_seq_ = 0;
  std::uint64_t delivered_length_ = 0;
  StagedLines undelivered_;
  // The staging thread's.
  std::uint64_t next_seq_ = 1;
};

}  // namespace mobilecs::embedded
