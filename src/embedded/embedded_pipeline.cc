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

EmbeddedPipeline::EmbeddedPipeline(EmbeddedConfig config)
    : config_(std::move(config)),
      root_(open_data_folder(config_.folder)),
      db_(config_.folder.state(), rocks::Database::Options{config_.sync}),
      data_records_(db_),
      notifications_(db_, 'N', config_.folder.notifications(), config_.sync),
      late_records_(db_, 'L', config_.folder.late_records(), config_.sync),
      source_(config_.folder, db_, config_.read_chunk_bytes, config_.runner.idle_wait),
      committer_(db_, data_records_, notifications_, late_records_),
      step_metrics_(config_.metrics),
      runner_(config_.runner, source_, committer_, clock_, &step_metrics_) {
  runner_.assign({FileSource::kPartition});
  // Lines a previous run committed but did not get to write out.
  notifications_.deliver();
  late_records_.deliver();
  const core::UsageProcessor& p = runner_.processor();
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
