#include "importer/importer.h"

#include <spdlog/spdlog.h>

#include "kafka/kafka_error.h"
#include "kafka/topic_admin.h"
#include "runtime/retry.h"

namespace mobilecs::importer {

Importer::Importer(ImporterConfig config, std::stop_token soft_stop, std::stop_token hard_stop)
    : config_(std::move(config)),
      soft_stop_(std::move(soft_stop)),
      transactions_(config_.kafka, config_.kafka.name("mobilecs-importer-" + config_.instance_id),
                    std::move(hard_stop)),
      progress_(config_.kafka, config_.instance_id, transactions_),
      committer_(config_.kafka, transactions_, progress_),
      step_metrics_(config_.metrics) {
  intake::FileInputs inputs = file_inputs();  // the folders are checked before the broker
  runtime::retry_with_mitigation(
      runtime::RetryPolicy{"preparing the topics on " + config_.kafka.bootstrap_servers,
                           config_.kafka.retry_backoff, std::nullopt},
      soft_stop_,
      [&] { kafka::ensure_topics(config_.kafka, kafka::mobilecs_topics(config_.kafka)); },
      kafka::retry_while_unreachable);
  // Fences a previous instance under this id, so its open transaction is aborted before the
  // progress is read.
  transactions_.set_topics(
      {config_.kafka.name(kafka::topic::kIncomingDataRecords), progress_.topic()});
  transactions_.connect(soft_stop_);
  progress_.load(soft_stop_);
  source_.emplace(std::move(inputs), config_.chunk_bytes, config_.runner.idle_wait);
  config_.runner.retry_backoff = config_.kafka.retry_backoff;  // one backoff for the role
  runner_.emplace(config_.runner, RecordForwarder::Config{}, *source_, committer_, clock_,
                  &step_metrics_);
  runner_->assign({Source::kPartition});
}

Importer::~Importer() = default;

intake::FileInputs Importer::file_inputs() {
  files::Folder incoming = files::Folder::open(config_.incoming_dir, config_.folder_links);
  files::Folder processed = incoming.subfolder("processed");
  files::Folder claimed = incoming.subfolder(".importer-" + config_.instance_id);
  return intake::FileInputs{.records = {std::move(claimed), std::move(processed), &progress_},
                            .claim_from = std::move(incoming),
                            .agreements = std::nullopt};
}

void Importer::run(bool until_idle) {
  runner_->run(until_idle, soft_stop_);
  const intake::FileSourceStats& stats = source_->stats();
  spdlog::info("imported {} files: {} lines, {} of them set aside", stats.files, stats.lines,
               stats.bad_lines);
}

}  // namespace mobilecs::importer
