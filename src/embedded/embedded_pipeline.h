#pragma once

#include <rocksdb/write_batch.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/processing/usage_processor.h"
#include "core/time/time_zones.h"
#include "embedded/data_folder.h"
#include "embedded/file_outbox.h"
#include "files/file_progress.h"
#include "files/incoming_folder.h"
#include "files/line_reader.h"
#include "rocks/data_record_store.h"
#include "rocks/database.h"

namespace mobilecs::embedded {

struct EmbeddedConfig {
  EmbeddedConfig() = default;
  explicit EmbeddedConfig(DataFolder data_folder) : folder(std::move(data_folder)) {}

  DataFolder folder;
  core::ProcessorConfig processor;
  bool sync = false;                         // fsync each commit (power-loss safe)
  std::size_t records_per_commit = 250'000;  // bigger steps write less state per record
  std::size_t read_chunk_bytes = 4 << 20;
  std::chrono::milliseconds max_commit_delay{500};
  std::chrono::milliseconds poll_interval{200};
};

struct PipelineStats {
  std::uint64_t files = 0;
  std::uint64_t lines = 0;
  std::uint64_t bad_lines = 0;
  std::uint64_t commits = 0;
};

// SPEC §3 in one process on the embedded default: imports the agreement and record files that
// appear under the data folder (agreements first), runs them through the UsageProcessor, and
// commits each step (state, data records, notifications, file progress) as one RocksDB batch.
// Notifications and late-record reports then go to their JSON Lines files exactly once.
class EmbeddedPipeline {
 public:
  // Opens (or creates) the data folder and restores the state a previous run left.
  explicit EmbeddedPipeline(EmbeddedConfig config);
  ~EmbeddedPipeline();

  // Processes until `stop` is set or, with `until_idle`, until nothing is left to process.
  void run(bool until_idle, const std::atomic<bool>& stop);

  const core::UsageProcessor& processor() const { return processor_; }
  rocks::DataRecordStore& data_records() { return data_records_; }
  const PipelineStats& stats() const { return stats_; }

 private:
  enum class InputKind { kAgreements, kRecords };
  struct Input {
    InputKind kind;
    std::filesystem::path dir;
    std::string progress_prefix;
    struct OpenFile {
      files::IncomingFile file;
      files::FileProgress progress;
      std::unique_ptr<files::LineReader> reader;
      std::uint64_t bad_lines_logged = 0;
    };
    std::optional<OpenFile> current;
  };

  bool open_next_file(Input& input);
  // Reads and processes the next chunk of `input`'s current file; false when there is none.
  bool step(Input& input);
  bool handle_line(InputKind kind, std::string_view line, std::string& error);
  void finish_file(Input& input);
  void commit();
  bool commit_due() const;
  void forget_orphaned_progress(Input& input);
  void log_progress(bool force);

  EmbeddedConfig config_;
  rocks::Database db_;
  rocks::DataRecordStore data_records_;
  FileOutbox notifications_;
  FileOutbox late_records_;
  core::UsageProcessor processor_;
  core::TimeZones zones_;
  Input agreements_;
  Input records_;
  core::ProcessorOutput output_;
  rocksdb::WriteBatch batch_;
  std::map<std::string, files::FileProgress> staged_progress_;
  std::size_t records_since_commit_ = 0;
  std::chrono::steady_clock::time_point last_commit_;
  std::chrono::steady_clock::time_point last_log_;
  std::uint64_t records_at_last_log_ = 0;
  std::vector<files::LineReader::Line> lines_;
  PipelineStats stats_;
};

}  // namespace mobilecs::embedded
