#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "importer/kafka_progress_store.h"
#include "importer/record_forwarder.h"
#include "intake/file_source.h"
#include "kafka/transaction_runner.h"
#include "runtime/step.h"

namespace mobilecs::importer {

// The commit port of the importer: a step's messages go to incoming-data-records together with
// the progress of the files they came from, in one Kafka transaction, so a crash anywhere
// neither loses nor repeats a line. A transaction that did not commit surfaces as
// runtime::StepAborted and the step runner reads the lines again. When the broker refuses
// messages for what they hold (a timestamp outside the topic's limits), it refuses their whole
// batch: each suspect is sent alone in a transaction that is aborted, the ones refused alone
// are marked in the progress, and the redone step sets them aside as bad lines.
class KafkaImportCommitter {
 public:
  using StepType = runtime::Step<intake::FileProgressByKey, ForwardedRecords>;

  KafkaImportCommitter(const kafka::KafkaConfig& kafka, kafka::TransactionRunner& transactions,
                       KafkaProgressStore& progress);

  // Commits before returning: reading the next files waits (the importer's work is the
  // broker's, there is nothing to overlap it with).
  void submit(StepType&& step);
  bool busy() const { return false; }
  void wait() {}
  std::uint64_t committed_through() const { return durable_.through(); }
  void restore(const std::set<core::PartitionId>&, RecordForwarder&) {}

 private:
  // Marks the messages among `suspects` that the broker refuses on their own; how many.
  std::size_t mark_refused(const StepType& step, const std::set<std::uint64_t>& suspects);

  std::string records_topic_;
  kafka::TransactionRunner& transactions_;
  KafkaProgressStore& progress_;
  runtime::DurableSteps durable_;
};

}  // namespace mobilecs::importer
