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
#include "embedded/background_task.h"
#include "embedded/data_folder.h"
#include "embedded/file_outbox.h"
#include "embedded/record_file_reader.h"
#include "files/file_progress.h"
#include "files/incoming_folder.h"
#include "files/line_reader.h"
#include "metrics/pipeline_metrics.h"
#include "rocks/data_record_store.h"
#include "rocks/database.h"

namespace mobilecs::embedded {

struct EmbeddedConfig {
  EmbeddedConfig() = default;
  explicit EmbeddedConfig(DataFolder data_folder) : folder(std::move(data_folder)) {}

  DataFolder folder;
  core::ProcessorConfig processor;
  bool sync = false;                           // fsync each commit (power-loss safe)
  std::size_t records_per_commit = 1'000'000;  // bigger steps write less state per record
  std::size_t read_chunk_bytes = 4 << 20;
  std::chrono::milliseconds max_commit_delay{1000};
  std::chrono::milliseconds poll_interval{200};
  metrics::PipelineMetrics* metrics = nullptr;  // updated as each step is committed, when set
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
//
// Three stages overlap: record files are parsed ahead on one thread, processed on the calling
// thread, and each step is written and delivered on another while the next is processed.
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
  struct AgreementFile {
    files::IncomingFile file;
    files::FileProgress progress;
    std::unique_ptr<files::LineReader> reader;
  };

  // Imports every complete agreement file; true if there was any.
  bool import_agreement_files();
  bool open_agreement_file();
  void apply(ParsedChunk& chunk);
  void finish_file(const files::IncomingFile& file, const files::FileProgress& progress,
                   const std::filesystem::path& input_dir, const std::string& progress_prefix);
  void log_bad_line(const files::IncomingFile& file, std::uint64_t number,
                    const std::string& reason);
  void commit();
  bool commit_due() const;
  void forget_orphaned_progress(const std::filesystem::path& dir, const std::string& prefix);
  std::optional<files::FileProgress> saved_progress(const std::string& key);
  void log_progress(bool force);
  // What /metrics shows, taken when a step is staged and published once it is committed.
  struct MetricCounts {
    core::ProcessorCounters processor;
    std::size_t waiting = 0;
    std::uint64_t bad_lines = 0;
  };
  MetricCounts metric_counts() const;
  void publish_metrics(const MetricCounts& counts);

  EmbeddedConfig config_;
  rocks::Database db_;
  rocks::DataRecordStore data_records_;
  FileOutbox notifications_;
  FileOutbox late_records_;
  core::UsageProcessor processor_;
  core::TimeZones zones_;
  std::optional<AgreementFile> agreement_file_;
  RecordFileReader record_reader_;
  Prefetcher<ParsedChunk> record_chunks_;
  BackgroundTask committer_;
  core::ProcessorOutput output_;
  std::vector<core::DataRecord> spare_records_;  // in use by the commit thread meanwhile
  rocksdb::WriteBatch batch_;
  std::map<std::string, files::FileProgress> staged_progress_;
  std::size_t records_since_commit_ = 0;
  std::chrono::steady_clock::time_point last_commit_;
  std::chrono::steady_clock::time_point last_log_;
  std::uint64_t records_at_last_log_ = 0;
  std::vector<files::LineReader::Line> lines_;
  std::string bad_lines_logged_for_;
  std::uint64_t bad_lines_logged_ = 0;
  PipelineStats stats_;
};

}  // namespace mobilecs::embedded
