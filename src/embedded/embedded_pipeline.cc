#include "embedded/embedded_pipeline.h"

#include <spdlog/spdlog.h>

#include "core/time/zoned_date_time.h"

namespace mobilecs::embedded {

// D, and its state/ that RocksDB opens by path: neither may be a link unless allowed.
files::Folder EmbeddedPipeline::open_data_folder(const DataFolder& folder) {
  files::Folder root = files::Folder::open(folder.root, folder.links);
  root.subfolder(folder.state().filename().string());
  return root;
}

intake::FileInputs EmbeddedPipeline::file_inputs() {
  const DataFolder& folder = config_.folder;
  files::Folder agreements = files::Folder::open(folder.agreements(), folder.links);
  files::Folder agreements_processed = agreements.subfolder(DataFolder::kProcessed);
  files::Folder records = files::Folder::open(folder.incoming_data_records(), folder.links);
  files::Folder records_processed = records.subfolder(DataFolder::kProcessed);
  return intake::FileInputs{
      .records = {std::move(records), std::move(records_processed), &record_progress_},
      .claim_from = std::nullopt,
      .agreements = intake::FileInputs::Folders{
          std::move(agreements), std::move(agreements_processed), &agreement_progress_}};
}

EmbeddedPipeline::EmbeddedPipeline(EmbeddedConfig config)
    : config_(std::move(config)),
      root_(open_data_folder(config_.folder)),
      db_(config_.folder.state(), rocks::Database::Options{config_.sync}),
      data_records_(db_),
      notifications_(db_, 'N', config_.folder.notifications(), config_.sync),
      late_records_(db_, 'L', config_.folder.late_records(), config_.sync),
      alerts_(db_, 'A', config_.folder.alerts(), config_.sync),
      agreement_progress_(db_, "progress/agreements/"),
      record_progress_(db_, "progress/records/"),
      source_(file_inputs(), config_.read_chunk_bytes, config_.runner.idle_wait),
      committer_(db_, data_records_, notifications_, late_records_, alerts_),
      step_metrics_(config_.metrics),
      runner_(config_.runner, config_.processor, source_, committer_, clock_, &step_metrics_) {
  runner_.assign({Source::kPartition});
  const core::UsageProcessor& p = runner_.op().processor();
  spdlog::info("data folder {}: {} waiting records, {} open windows, watermark {}",
               config_.folder.root.string(), p.waiting_records(), p.open_windows(),
               p.watermark() == core::kNoWatermark
                   ? std::string("none yet")
                   : core::to_string(core::ZonedDateTime{
                         core::Instant::from_epoch_millis(p.watermark()), 0, ""}));
}

void EmbeddedPipeline::run(bool until_idle, const std::stop_token& stop) {
  runner_.run(until_idle, stop);
  step_metrics_.log_totals();
}

}  // namespace mobilecs::embedded
