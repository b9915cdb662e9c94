#pragma once

#include <map>
#include <mutex>
#include <stop_token>
#include <string>

#include "intake/file_source.h"
#include "intake/progress_store.h"
#include "kafka/kafka_config.h"
#include "kafka/transaction_runner.h"

namespace mobilecs::importer {

// The importer's file progress: a compacted topic (import-progress, one partition), each entry
// keyed by the importer's instance id and the file name, written in the same transaction as the
// file's records. Read once at start; kept in memory after that, following what commits.
class KafkaProgressStore final : public intake::ProgressStore {
 public:
  // `transactions` writes the entries; it must outlive the store.
  KafkaProgressStore(const kafka::KafkaConfig& kafka, std::string instance_id,
                     kafka::TransactionRunner& transactions);

  // Reads this instance's entries, waiting for the broker (until `stop`).
  void load(const std::stop_token& stop);

  std::string key(std::string_view name) const override;
  std::optional<files::FileProgress> saved(std::string_view name) override;
  std::vector<std::string> names() override;
  void forget(std::string_view name) override;

  const std::string& topic() const { return topic_; }
  // A step holding these entries has committed.
  void committed(const intake::FileProgressByKey& progress);
  // The broker refuses line `line` of `name` for what it holds: read again, the line is a bad
  // one for `reason` (and the next commit of the file says so durably).
  void refuse(std::string_view name, const files::FileIdentity& identity, std::uint64_t line,
              const std::string& reason);

 private:
  const kafka::KafkaConfig& kafka_;
  std::string prefix_;  // the instance id and "/"
  std::string topic_;
  kafka::TransactionRunner& transactions_;
  std::mutex mutex_;  // saved() is called from the reading thread
  std::map<std::string, files::FileProgress, std::less<>> progress_;  // by file name
};

}  // namespace mobilecs::importer
