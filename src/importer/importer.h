#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "core/time/time_zones.h"
#include "files/file_progress.h"
#include "files/folder_watch.h"
#include "files/incoming_folder.h"
#include "files/line_reader.h"
#include "kafka/kafka_config.h"
#include "kafka/transaction_runner.h"
#include "metrics/pipeline_metrics.h"
#include "runtime/step_metrics.h"

namespace mobilecs::importer {

struct ImporterConfig {
  kafka::KafkaConfig kafka;
  std::filesystem::path incoming_dir = "/tmp/incoming-data-records";
  files::FolderLinks folder_links = files::FolderLinks::kRefuse;
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
// `incoming-data-records` message, exactly once (docs/semantics.md §1). Each chunk of a file is
// produced in one Kafka transaction together with the file's progress (a compacted topic), so a
// crash anywhere neither loses nor repeats a line. A file is first claimed by renaming it into this
// instance's hidden folder, so several importers can share one incoming folder. A line the
// broker refuses (its timestamp outside the topic's limits) is set aside like a malformed one;
// the rest of the file goes on.
class Importer {
 public:
  // Waits (interruptibly, saying why) until the broker answers. `soft_stop` ends the run after
  // the chunk in hand; `hard_stop` cuts every wait short.
  Importer(ImporterConfig config, std::stop_token soft_stop, std::stop_token hard_stop);
  ~Importer();

  void run(bool until_idle);
  const ImportStats& stats() const { return stats_; }
  const runtime::StepMetrics& step_metrics() const { return step_metrics_; }

 private:
  // A line of a chunk, parsed once whatever transactions it ends up in.
  struct Line {
    std::uint64_t number = 0;
    std::uint64_t end_offset = 0;
    std::string key;    // msisdn; empty for a bad line
    std::string value;  // the message
    std::int64_t timestamp = 0;
    std::string problem;  // why it is bad; empty if good
    bool blank = false;
  };

  std::string progress_key(const std::string& name) const;
  void load_progress();
  std::optional<files::IncomingFile> next_file();
  void import_file(const files::IncomingFile& file);
  // Imports the next chunk of `file` after `committed`; false at the end of the file.
  bool import_chunk(const files::IncomingFile& file, files::FileProgress& committed);
  // Produces `lines` and the progress after them in one transaction, until it commits. Lines the
  // broker refuses are isolated (it refuses their whole batch) and set aside.
  void import_lines(const files::IncomingFile& file, files::FileProgress& committed,
                    std::span<const Line> lines);
  void finish_file(const files::IncomingFile& file, const files::FileProgress& progress);
  // A file that cannot be read at all: one bad input, set aside unread.
  void refuse_file(const files::IncomingFile& file);
  void forget_progress(const std::string& name);
  std::vector<Line> parse(const std::vector<files::LineReader::Line>& lines);

  ImporterConfig config_;
  std::stop_token soft_stop_;
  std::stop_token hard_stop_;
  files::Folder incoming_;
  files::Folder processed_;
  files::Folder claim_;                      // this instance's files in hand
  std::optional<files::FolderWatch> watch_;  // wakes the idle wait when a file arrives
  std::string records_topic_;
  std::string progress_topic_;
  kafka::TransactionRunner transactions_;
  std::map<std::string, files::FileProgress> progress_;  // committed, by file name
  core::TimeZones zones_;
  std::vector<files::LineReader::Line> read_;
  ImportStats stats_;
  runtime::StepMetrics step_metrics_;
};

}  // namespace mobilecs::importer
