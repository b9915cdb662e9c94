#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <stop_token>
#include <string>

#include "files/folder.h"
#include "importer/kafka_import_committer.h"
#include "importer/kafka_progress_store.h"
#include "importer/record_forwarder.h"
#include "intake/file_source.h"
#include "kafka/kafka_config.h"
#include "kafka/transaction_runner.h"
#include "metrics/pipeline_metrics.h"
#include "runtime/clock.h"
#include "runtime/step_metrics.h"
#include "runtime/step_runner.h"

namespace mobilecs::importer {

struct ImporterConfig {
  kafka::KafkaConfig kafka;
  std::filesystem::path incoming_dir = "/tmp/incoming-data-records";
  files::FolderLinks folder_links = files::FolderLinks::kRefuse;
  std::string instance_id = "1";      // stable per process: its transactional id and claim folder
  std::size_t chunk_bytes = 4 << 20;  // of input read at a time
  // The step, each one a Kafka transaction of about the 4 MiB of input one held before the
  // importer ran on the step runner (bigger ones cost CPU and memory: docs/benchmarks.md).
  runtime::RunnerConfig runner = step_defaults();
  metrics::PipelineMetrics* metrics = nullptr;  // counts what each transaction commits, when set

  static runtime::RunnerConfig step_defaults() {
    runtime::RunnerConfig runner;
    runner.max_step_records = 25'000;
    runner.max_step_delay = std::chrono::milliseconds(200);
    return runner;
  }
};

// `mobilecs importer`: every line of every complete file in the incoming folder becomes one
// `incoming-data-records` message, exactly once (docs/semantics.md §1). The step runner over
// the incoming folder (intake::FileSource) and Kafka transactions (KafkaImportCommitter): each
// step's messages are produced in one transaction together with the files' progress (a
// compacted topic), so a crash anywhere neither loses nor repeats a line. A file is first
// claimed by renaming it into this instance's hidden folder, so several importers can share one
// incoming folder. A line the broker refuses (its timestamp outside the topic's limits) is set
// aside like a malformed one; the rest of the file goes on.
class Importer {
 public:
  // Waits (interruptibly, saying why) until the broker answers. `soft_stop` ends the run after
  // the step in hand; `hard_stop` cuts every wait short.
  Importer(ImporterConfig config, std::stop_token soft_stop, std::stop_token hard_stop);
  ~Importer();

  void run(bool until_idle);
  const runtime::StepMetrics& step_metrics() const { return step_metrics_; }

 private:
  using Source = intake::FileSource<intake::IncomingRecordMessageParser>;

  intake::FileInputs file_inputs();

  ImporterConfig config_;
  std::stop_token soft_stop_;
  kafka::TransactionRunner transactions_;
  KafkaProgressStore progress_;
  KafkaImportCommitter committer_;
  runtime::SystemClock clock_;
  runtime::StepMetrics step_metrics_;
  // Made once the broker has answered and the progress is read.
  std::optional<Source> source_;
  std::optional<runtime::StepRunner<Source, RecordForwarder, KafkaImportCommitter>> runner_;
};

}  // namespace mobilecs::importer
