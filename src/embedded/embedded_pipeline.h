#pragma once

#include <chrono>
#include <cstdint>
#include <stop_token>

#include "embedded/data_folder.h"
#include "embedded/file_outbox.h"
#include "embedded/rocks_progress_store.h"
#include "embedded/rocks_step_committer.h"
#include "intake/file_source.h"
#include "metrics/pipeline_metrics.h"
#include "rocks/database.h"
#include "rocks/rocks_data_record_store.h"
#include "runtime/clock.h"
#include "runtime/step_metrics.h"
#include "runtime/step_runner.h"
#include "runtime/usage_operator.h"

namespace mobilecs::embedded {

struct EmbeddedConfig {
  EmbeddedConfig() = default;
  explicit EmbeddedConfig(DataFolder data_folder) : folder(std::move(data_folder)) {}

  DataFolder folder;
  core::ProcessorConfig processor;
  // The step: up to a million records (bigger steps write less state per record), the folder
  // looked at every idle_wait when no event wakes it.
  runtime::RunnerConfig runner;
  bool sync = false;  // fsync each commit (power-loss safe)
  std::size_t read_chunk_bytes = 4 << 20;
  metrics::PipelineMetrics* metrics = nullptr;  // updated as each step is committed, when set
};

// docs/semantics.md in one process on the embedded default: the step runner over the data folder's
// files (intake::FileSource) and RocksDB (RocksStepCommitter). Notifications, late-record
// reports and usage alerts go to their JSON Lines files exactly once.
class EmbeddedPipeline {
 public:
  // Opens (or creates) the data folder and restores the state a previous run left.
  explicit EmbeddedPipeline(EmbeddedConfig config);

  // Processes until `stop` is requested or, with `until_idle`, until nothing is left to process.
  void run(bool until_idle, const std::stop_token& stop);

  const core::UsageProcessor& processor() const { return runner_.op().processor(); }
  rocks::RocksDataRecordStore& data_records() { return data_records_; }
  const intake::FileSourceStats& stats() const { return source_.stats(); }
  runtime::StepMetrics& step_metrics() { return step_metrics_; }

 private:
  using Source = intake::FileSource<intake::UsageRecordParser>;

  static files::Folder open_data_folder(const DataFolder& folder);
  intake::FileInputs file_inputs();

  EmbeddedConfig config_;
  files::Folder root_;  // held open: checked once not to be a link (unless allowed)
  rocks::Database db_;
  rocks::RocksDataRecordStore data_records_;
  FileOutbox notifications_;
  FileOutbox late_records_;
  FileOutbox alerts_;
  RocksProgressStore agreement_progress_;
  RocksProgressStore record_progress_;
  Source source_;
  RocksStepCommitter committer_;
  runtime::SystemClock clock_;
  runtime::StepMetrics step_metrics_;
  runtime::StepRunner<Source, runtime::UsageOperator, RocksStepCommitter> runner_;
};

}  // namespace mobilecs::embedded
