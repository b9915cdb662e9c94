#include "importer/kafka_progress_store.h"

#include "kafka/kafka_error.h"
#include "kafka/partition_reader.h"
#include "kafka/topic_admin.h"
#include "runtime/retry.h"

namespace mobilecs::importer {
KafkaProgressStore::KafkaProgressStore(const kafka::KafkaConfig& kafka, std::string instance_id,
                                       kafka::TransactionRunner& transactions)
    : kafka_(kafka),
      prefix_(std::move(instance_id) + "/"),
      topic_(kafka.name(kafka::topic::kImportProgress)),
      transactions_(transactions) {}

void KafkaProgressStore::load(const std::stop_token& stop) {
  runtime::retry_with_mitigation(
      runtime::RetryPolicy{"reading the import progress", kafka_.retry_backoff, std::nullopt}, stop,
      [&] {
        std::lock_guard lock(mutex_);
        progress_.clear();
        kafka::read_partitions_to_end(
            kafka_, topic_, {{kafka::PartitionId{0}, kafka::Offset{-1}}},
            [&](const kafka::Message& m) {
              const std::string_view key = m.key().value_or(std::string_view());
              if (!key.starts_with(prefix_)) return;  // another instance's files
              const std::string name(key.substr(prefix_.size()));
              if (!m.value()) {
                progress_.erase(name);
              } else if (const auto p = files::decode_file_progress(*m.value())) {
                progress_[name] = *p;
              }
            },
            stop);
      },
      kafka::retry_while_unreachable);
}

std::string KafkaProgressStore::key(std::string_view name) const {
  return prefix_ + std::string(name);
}

std::optional<files::FileProgress> KafkaProgressStore::saved(std::string_view name) {
  std::lock_guard lock(mutex_);
  const auto it = progress_.find(name);
  return it == progress_.end() ? std::nullopt : std::optional(it->second);
}

std::vector<std::string> KafkaProgressStore::names() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [name, progress] : progress_) names.push_back(name);
  return names;
}

void KafkaProgressStore::forget(std::string_view name) {
  const std::string entry = key(name);
  transactions_.run_until_committed(
      "forgetting the progress of " + std::string(name), [&](kafka::Transaction& t) {
        t.produce(topic_, kafka::PartitionId{0}, entry, std::nullopt, kafka::TimestampMs::now());
      });
  std::lock_guard lock(mutex_);
  if (const auto it = progress_.find(name); it != progress_.end()) progress_.erase(it);
}

void KafkaProgressStore::committed(const intake::FileProgressByKey& progress) {
  std::lock_guard lock(mutex_);
  for (const auto& [entry, p] : progress) progress_[entry.substr(prefix_.size())] = p;
}

void KafkaProgressStore::refuse(std::string_view name, const files::FileIdentity& identity,
                                std::uint64_t line, const std::string& reason) {
  std::lock_guard lock(mutex_);
  files::FileProgress& p = progress_[std::string(name)];
  if (p.identity != identity) p = files::FileProgress{identity, 0, 0, 0, {}};
  p.refused[line] = reason;
}

}  // namespace mobilecs::importer
