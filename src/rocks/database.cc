#include "rocks/database.h"

#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <spdlog/spdlog.h>

#include <cstdarg>

#include "rocks/period_records_merge.h"
#include "store/store_error.h"

namespace mobilecs::rocks {
namespace {

constexpr const char* kFamilyNames[kFamilyCount] = {"default",    "state",  "data_records",
                                                    "agreements", "outbox", "agreements_by_msisdn"};

rocksdb::ColumnFamilyOptions family_options(Family family) {
  rocksdb::ColumnFamilyOptions options;
  if (family == Family::kDataRecords) {
    // The bulk of all writes: large memtables mean fewer, larger flushes and less compaction.
    options.write_buffer_size = 128 << 20;
    options.max_write_buffer_number = 4;
    options.target_file_size_base = 128 << 20;
    options.max_bytes_for_level_base = 512 << 20;
    options.compression = rocksdb::kLZ4Compression;
    // One entry per billing period; each step merges its records into the period's list.
    options.merge_operator = period_records_merge_operator();
  } else {
    options.write_buffer_size = 32 << 20;
  }
  return options;
}

rocksdb::Slice slice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// RocksDB's own log goes to mobilecs' log, not to a LOG file beside the data: one place to look,
// and a full disk cannot break the logging of the error that says so.
class SpdlogLogger final : public rocksdb::Logger {
 public:
  SpdlogLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel()) return;
    char line[1024];
    std::vsnprintf(line, sizeof line, format, ap);
    spdlog::log(level >= rocksdb::InfoLogLevel::ERROR_LEVEL  ? spdlog::level::err
                : level == rocksdb::InfoLogLevel::WARN_LEVEL ? spdlog::level::warn
                                                             : spdlog::level::debug,
                "RocksDB: {}", line);
  }
};

}  // namespace

Database::Database(const std::filesystem::path& dir, Options options)
    : dir_(dir), options_(options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw store::StoreError(fmt::format("cannot create {}: {}", dir.string(), ec.message()), false);
  }
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 5;
  db_options.max_total_wal_size = options.max_wal_bytes;
  db_options.allow_concurrent_memtable_write = false;  // one writer
  db_options.info_log = std::make_shared<SpdlogLogger>();
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (int i = 0; i < kFamilyCount; ++i) {
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
  if (status.IsNoSpace() || status.ToString().find("No space left") != std::string::npos) {
    hint = fmt::format(
        " (no space left on device: free space on the disk holding {} and start again; "
        "everything committed so far is kept)",
        dir_.string());
  } else if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
    hint =
        " (is another mobilecs process using this data folder? stop it or pick another "
        "--data-dir)";
  }
  throw store::StoreError(
      fmt::format("RocksDB at {}: cannot {}: {}{}", dir_.string(), doing, status.ToString(), hint),
      status.IsBusy() || status.IsTryAgain() || status.IsTimedOut());
}

void Database::write(WriteBatch& batch) {
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync;
  check(db_->Write(write_options, batch.batch_.get()), "write");
}

std::optional<std::string> Database::get(Family f, std::string_view key) {
  std::string value;
  const rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), handle(f), slice(key), &value);
  if (status.IsNotFound()) {
    return std::nullopt;
  }
  check(status, "read");
  return value;
}

void Database::for_each(Family f, std::string_view prefix,
                        const std::function<void(std::string_view, std::string_view)>& visit) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle(f)));
  const rocksdb::Slice start = slice(prefix);
  for (it->Seek(start); it->Valid() && it->key().starts_with(start); it->Next()) {
    visit(it->key().ToStringView(), it->value().ToStringView());
  }
  check(it->status(), "iterate");
}

void Database::scan(Family f, std::string_view begin, std::string_view end,
                    const std::function<bool(std::string_view, std::string_view)>& visit) {
  rocksdb::ReadOptions read_options;
  const rocksdb::Slice upper = slice(end);
  read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, handle(f)));
  for (it->Seek(slice(begin)); it->Valid(); it->Next()) {
    if (!visit(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  check(it->status(), "iterate");
}

void Database::compact() {
  for (auto* handle : handles_) {
    check(db_->Flush(rocksdb::FlushOptions(), handle), "flush");
    check(db_->CompactRange(rocksdb::CompactRangeOptions(), handle, nullptr, nullptr), "compact");
  }
}

WriteBatch::WriteBatch(const Database& db)
    : db_(&db), batch_(std::make_unique<rocksdb::WriteBatch>()) {}
WriteBatch::~WriteBatch() = default;
WriteBatch::WriteBatch(WriteBatch&&) noexcept = default;
WriteBatch& WriteBatch::operator=(WriteBatch&&) noexcept = default;

void WriteBatch::put(Family family, std::string_view key, std::string_view value) {
  batch_->Put(db_->handle(family), slice(key), slice(value));
}

void WriteBatch::merge(Family family, std::string_view key, std::string_view value) {
  batch_->Merge(db_->handle(family), slice(key), slice(value));
}

void WriteBatch::erase(Family family, std::string_view key) {
  batch_->Delete(db_->handle(family), slice(key));
}

void WriteBatch::erase_range(Family family, std::string_view begin, std::string_view end) {
  batch_->DeleteRange(db_->handle(family), slice(begin), slice(end));
}

std::size_t WriteBatch::count() const { return batch_->Count(); }

void WriteBatch::clear() { batch_->Clear(); }

}  // namespace mobilecs::rocks
