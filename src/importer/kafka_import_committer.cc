#include "importer/kafka_import_committer.h"

#include <fmt/format.h>

#include <filesystem>

#include "files/file_progress.h"

namespace mobilecs::importer {
KafkaImportCommitter::KafkaImportCommitter(const kafka::KafkaConfig& kafka,
                                           kafka::TransactionRunner& transactions,
                                           KafkaProgressStore& progress)
    : records_topic_(kafka.name(kafka::topic::kIncomingDataRecords)),
      transactions_(transactions),
      progress_(progress) {}

void KafkaImportCommitter::submit(StepType&& step) {
  const auto started = std::chrono::steady_clock::now();
  const std::vector<intake::IncomingRecordMessage>& messages = step.output.messages;
  const kafka::TransactionOutcome outcome = transactions_.run([&](kafka::Transaction& t) {
    for (std::size_t i = 0; i < messages.size(); ++i) {
      t.produce(records_topic_, std::nullopt, messages[i].key, messages[i].value,
                kafka::TimestampMs{messages[i].timestamp_ms}, i);
    }
    // Tagged past the messages: a refused progress entry is nobody's line.
    std::uint64_t tag = messages.size();
    for (const auto& [key, progress] : step.progress) {
      t.produce(progress_.topic(), kafka::PartitionId{0}, key,
                files::encode_file_progress(progress), kafka::TimestampMs::now(), tag++);
    }
  });
  if (outcome.committed) {
    progress_.committed(step.progress);
    durable_.mark(step.summary);
    step.report_committed(std::chrono::steady_clock::now() - started);
    return;
  }
  if (outcome.refused.empty()) {
    throw runtime::StepAborted(fmt::format("the Kafka transaction of step {} was not committed: {}",
                                           step.summary.number, outcome.failure));
  }
  std::set<std::uint64_t> suspects;
  for (const kafka::RefusedMessage& r : outcome.refused) suspects.insert(r.tag);
  const std::size_t refused = mark_refused(step, suspects);
  if (refused == 0) {
    // Refused for what the batch holds, not one line (a batch or a progress entry larger than
    // the topic allows): redoing it cannot help.
    throw std::runtime_error(fmt::format(
        "{}; no line of the step is refused on its own, so the importer cannot go on. Check "
        "the topics' settings (max.message.bytes, message.timestamp.*.max.ms)",
        outcome.refused.front().reason));
  }
  throw runtime::StepAborted(fmt::format(
      "the broker refused {} line(s) of step {} for what they hold ({}); redoing the step "
      "without them",
      refused, step.summary.number, outcome.refused.front().reason));
}

std::size_t KafkaImportCommitter::mark_refused(const StepType& step,
                                               const std::set<std::uint64_t>& suspects) {
  std::size_t refused = 0;
  for (const std::uint64_t i : suspects) {
    if (i >= step.output.messages.size()) continue;  // a progress entry
    const intake::IncomingRecordMessage& message = step.output.messages[i];
    const auto alone = transactions_.probe([&](kafka::Transaction& t) {
      t.produce(records_topic_, std::nullopt, message.key, message.value,
                kafka::TimestampMs{message.timestamp_ms});
    });
    if (!alone) {
      // The broker did not answer: the step is redone (after a backoff), and probed again.
      throw runtime::StepAborted(
          fmt::format("the broker refused messages of step {} and then stopped answering while the "
                      "importer looked for the refused line",
                      step.summary.number));
    }
    if (alone->empty()) continue;  // refused only for its batch's sake
    const ForwardedRecords::Position& at = step.output.positions[i];
    const std::string name =
        std::filesystem::path(step.output.origins[at.origin]).filename().string();
    const auto progress = step.progress.find(progress_.key(name));
    if (progress == step.progress.end()) continue;
    progress_.refuse(name, progress->second.identity, at.line, alone->front().reason);
    ++refused;
  }
  return refused;
}

}  // namespace mobilecs::importer
