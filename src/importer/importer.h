#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/time/time_zones.h"
#include "files/file_progress.h"
#include "files/incoming_folder.h"
#include "kafka/kafka_config.h"
#include "kafka/kafka_error.h"
#include "kafka/transactional_producer.h"
#include "metrics/pipeline_metrics.h"

namespace mobilecs::importer {

struct ImporterConfig {
  kafka::KafkaConfig kafka;
  std::filesystem::path incoming_dir = "/tmp/incoming-data-records";
  std::string instance_id = "1";      // stable per process: its transactional id and claim folder
  std::size_t chunk_bytes = 4 << 20;  // of input per Kafka transaction
  std::chrono::milliseconds poll_interval{200};
  metrics::PipelineMetrics* metrics = nullptr;  // counts what each transaction commits, when set
};

struct ImportStats {
  std::uint64_t files = 0;
  std::uint64_t records = 0;
  std::uint64_t bad_lines = 0;
};

// `mobilecs importer`: every line of every complete file in the incoming folder becomes one
// `incoming-data-records` message, exactly once (SPEC §3.1). Each chunk of a file is produced in
// one Kafka transaction together with the file's progress (a compacted topic), so a crash
// anywhere neither loses nor repeats a line. A file is first claimed by renaming it into this
// instance's hidden folder, so several importers can share one incoming folder.
class Importer {
 public:
  explicit Importer(ImporterConfig config);
  ~Importer();

  void run(bool until_idle, const std::atomic<bool>& stop);
  const ImportStats& stats() const { return stats_; }

 private:
  std::string progress_key(const std::string& name) const;
  void load_progress();
  std::optional<files::IncomingFile> next_file();
  void import_file(const files::IncomingFile& file, const std::atomic<bool>& stop);
  // Produces one chunk and its progress in a transaction; false at the end of the file.
  bool import_chunk(const files::IncomingFile& file, files::FileProgress& progress);
  void finish_file(const files::IncomingFile& file, const files::FileProgress& progress);
  void forget_progress(const std::string& name);
  // Handles a failed transaction; throws if the importer cannot go on.
  void recover(const kafka::KafkaError& error);

  ImporterConfig config_;
  std::filesystem::path claim_dir_;
  std::string records_topic_;
  std::string progress_topic_;
  std::unique_ptr<kafka::TransactionalProducer> producer_;
  kafka::ProducerFencing fencing_;
  std::map<std::string, files::FileProgress> progress_;  // committed, by file name
  core::TimeZones zones_;
  ImportStats stats_;
};

}  // namespace mobilecs::importer
