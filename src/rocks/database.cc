#include "rocks/database.h"

#include <fmt/format.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include "store/store_error.h"

namespace mobilecs::rocks {
namespace {

constexpr const char* kFamilyNames[] = {"default", "state", "data_records", "agreements", "outbox"};

rocksdb::ColumnFamilyOptions family_options(Database::Family family) {
  rocksdb::ColumnFamilyOptions options;
  if (family == Database::Family::kDataRecords) {
    // The bulk of all writes: large memtables mean fewer, larger flushes and less compaction.
    options.write_buffer_size = 128 << 20;
    options.max_write_buffer_number = 4;
    options.target_file_size_base = 128 << 20;
    options.max_bytes_for_level_base = 512 << 20;
    options.compression = rocksdb::kLZ4Compression;
    // A new record usually lands next to the last one of its billing period (agreement, year,
    // month: the first 19 key bytes); remembering where that was makes inserts cheap.
    options.memtable_insert_with_hint_prefix_extractor.reset(
        rocksdb::NewFixedPrefixTransform(kDataRecordPartitionPrefixLength));
  } else {
    options.write_buffer_size = 32 << 20;
  }
  return options;
}

}  // namespace

Database::Database(const std::filesystem::path& dir, Options options)
    : dir_(dir), options_(options) {
  std::filesystem::create_directories(dir);
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 5;
  db_options.allow_concurrent_memtable_write = false;  // one writer; and insert hints need it
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (int i = 0; i < 5; ++i) {
    families.emplace_back(kFamilyNames[i], family_options(static_cast<Family>(i)));
  }
  rocksdb::DB* db = nullptr;
  check(rocksdb::DB::Open(db_options, dir.string(), families, &handles_, &db), "open");
  db_.reset(db);
}

Database::~Database() {
  for (auto* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle);
  }
  db_->Close();
}

void Database::check(const rocksdb::Status& status, std::string_view doing) const {
  if (status.ok()) {
    return;
  }
  std::string hint;
  if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
    hint =
        " (is another mobilecs process using this data folder? stop it or pick another "
        "--data-dir)";
  }
  throw store::StoreError(
      fmt::format("RocksDB at {}: cannot {}: {}{}", dir_.string(), doing, status.ToString(), hint),
      status.IsBusy() || status.IsTryAgain() || status.IsTimedOut());
}

void Database::write(rocksdb::WriteBatch& batch) {
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync;
  check(db_->Write(write_options, &batch), "write");
}

std::optional<std::string> Database::get(Family f, std::string_view key) {
  std::string value;
  const rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), family(f), rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) {
    return std::nullopt;
  }
  check(status, "read");
  return value;
}

void Database::for_each(Family f, std::string_view prefix,
                        const std::function<void(std::string_view, std::string_view)>& visit) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), family(f)));
  const rocksdb::Slice start(prefix.data(), prefix.size());
  for (it->Seek(start); it->Valid() && it->key().starts_with(start); it->Next()) {
    visit(it->key().ToStringView(), it->value().ToStringView());
  }
  check(it->status(), "iterate");
}

}  // namespace mobilecs::rocks
