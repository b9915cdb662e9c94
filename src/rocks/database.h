#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rocks/family.h"
#include "rocks/write_batch.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Status;
}  // namespace rocksdb

namespace mobilecs::rocks {

// A data record key is its billing period: agreement id (16), year (2), month (1).
inline constexpr std::size_t kDataRecordKeyLength = 16 + 2 + 1;

// The embedded store: one RocksDB under `D/state/` holding, in separate column families, what
// the pipeline must keep across restarts. Every step of the pipeline commits one WriteBatch
// across them, so a crash leaves either all of a step or none of it.
//
// Failures throw store::StoreError naming the folder and the cause; a full disk says so, and
// after one the database refuses further writes (RocksDB's background error) until reopened.
class Database {
 public:
  using Family = rocks::Family;

  struct Options {
    // Also sync the write-ahead log on each commit: survives power loss, not just a crash.
    bool sync = false;
    // Once the write-ahead log files together pass this size, the families holding the oldest
    // one are flushed so it can go. Without a bound, a family written once (the agreements)
    // keeps every log since alive: 1 GB after 12M records, all replayed at the next start.
    std::uint64_t max_wal_bytes = 256 << 20;
  };

  Database(const std::filesystem::path& dir, Options options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  WriteBatch batch() const { return WriteBatch(*this); }
  void write(WriteBatch& batch);
  std::optional<std::string> get(Family f, std::string_view key);
  // Calls `visit` for each entry whose key starts with `prefix`, in key order.
  void for_each(Family f, std::string_view prefix,
                const std::function<void(std::string_view key, std::string_view value)>& visit);
  // Calls `visit` for each entry in [begin, end), in key order, until it returns false.
  void scan(Family f, std::string_view begin, std::string_view end,
            const std::function<bool(std::string_view key, std::string_view value)>& visit);
  // Flushes the memtables and compacts every family into its last level (merges applied).
  void compact();
  const std::filesystem::path& dir() const { return dir_; }

 private:
  friend class WriteBatch;
  rocksdb::ColumnFamilyHandle* handle(Family f) const { return handles_[static_cast<int>(f)]; }
  void check(const rocksdb::Status& status, std::string_view doing) const;

  std::filesystem::path dir_;
  Options options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace mobilecs::rocks
