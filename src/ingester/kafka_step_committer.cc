#include "ingester/kafka_step_committer.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "core/codec/notification_json.h"
#include "core/codec/usage_alert_json.h"
#include "core/processing/byte_codec.h"
#include "kafka/kafka_error.h"
#include "kafka/partition_reader.h"
#include "rocks/state_store.h"
#include "store/store_error.h"

namespace mobilecs::ingester {
namespace {

std::string checkpoint_key(core::PartitionId partition) {
  return fmt::format("changelog/{}", partition);
}

std::string encode_offset(kafka::Offset offset) {
  std::string out;
  core::ByteWriter(out).integer<std::int64_t>(offset.value);
  return out;
}

}  // namespace

KafkaStepCommitter::KafkaStepCommitter(const kafka::KafkaConfig& kafka, IngesterTopics topics,
                                       store::DataRecordStore& store, rocks::Database& local,
                                       kafka::TransactionRunner& transactions,
                                       kafka::GroupConsumer& consumer, std::stop_token stop)
    : kafka_(kafka),
      topics_(std::move(topics)),
      store_(store),
      local_(local),
      transactions_(transactions),
      consumer_(consumer),
      stop_(std::move(stop)) {}

void KafkaStepCommitter::submit(StepType&& step) {
  // The membership the offsets belong to is taken now: if the group moves on meanwhile, the
  // broker refuses the offsets and the transaction aborts.
  committer_.submit([this, step = std::move(step), group = consumer_.group_metadata()]() mutable {
    commit(step, group);
  });
}

void KafkaStepCommitter::write_to_store(const StepType& step) {
  if (step.output.data_records.empty() && step.output.agreements.empty()) return;
  runtime::retry_with_mitigation(
      runtime::RetryPolicy{
          fmt::format("storing {} data records and {} agreements (Kafka offsets held until then)",
                      step.output.data_records.size(), step.output.agreements.size()),
          kafka_.retry_backoff, std::nullopt},
      stop_,
      [&] {
        store_.write(step.output.data_records);
        store_.write_agreements(step.output.agreements);
      },
      store::retry_while_retryable);
}

void KafkaStepCommitter::commit(StepType& step, const kafka::GroupMetadata& group) {
  const auto started = std::chrono::steady_clock::now();
  // Records are stored before anything about them is published.
  write_to_store(step);
  const kafka::TimestampMs now = kafka::TimestampMs::now();
  std::vector<std::pair<kafka::TopicPartition, kafka::Offset>> offsets(step.progress.begin(),
                                                                       step.progress.end());
  const kafka::TransactionOutcome outcome = transactions_.run([&](kafka::Transaction& t) {
    for (const core::Notification& n : step.output.notifications) {
      t.produce(topics_.notifications, std::nullopt, n.agreement_id.to_string(),
                core::notification_to_json(n), kafka::TimestampMs{n.timestamp});
    }
    for (const core::UsageAlert& alert : step.output.alerts) {
      t.produce(topics_.alerts, std::nullopt, alert.agreement_id.to_string(),
                core::usage_alert_to_json(alert), kafka::TimestampMs{alert.timestamp});
    }
    for (const core::LateRecord& late : step.output.late_records) {
      t.produce(topics_.late, std::nullopt, late.record.agreement_id.to_string(),
                core::late_record_to_json(late), kafka::TimestampMs{late.record.recorded_at});
    }
    step.state.for_each([&](const runtime::StateChanges::Change& c) {
      t.produce(topics_.changelog, c.partition, c.key, c.value, now);
    });
    if (!offsets.empty()) t.add_offsets(offsets, group);
  });
  if (!outcome.committed) {
    if (!outcome.refused.empty()) {
      // Nothing of a step may be left out: the topic has to accept it.
      throw std::runtime_error(fmt::format(
          "{}; mobilecs cannot publish without it. Check the topic's settings "
          "(message.timestamp.after.max.ms and message.timestamp.before.max.ms must accept "
          "event time of any date, max.message.bytes the largest state entry)",
          outcome.refused.front().reason));
    }
    throw runtime::StepAborted(fmt::format("the Kafka transaction of step {} was not committed: {}",
                                           step.summary.number, outcome.failure));
  }
  rocks::WriteBatch local = local_.batch();
  step.state.for_each([&](const runtime::StateChanges::Change& c) {
    if (c.value) {
      local.put(rocks::Family::kState, c.key, *c.value);
    } else {
      local.erase(rocks::Family::kState, c.key);
    }
  });
  if (const auto it = outcome.next_offsets.find(topics_.changelog);
      it != outcome.next_offsets.end()) {
    for (const auto& [partition, next] : it->second) {
      local.put(rocks::Family::kMeta, checkpoint_key(partition), encode_offset(next));
    }
  }
  local_.write(local);
  if (!step.output.late_records.empty()) {
    spdlog::warn("{} late record(s) stored but not counted in their closed billing periods",
                 step.output.late_records.size());
  }
  const auto took = std::chrono::steady_clock::now() - started;
  spdlog::debug("transaction {}: {} data records, {} notifications, {} ms", step.summary.number,
                step.output.data_records.size(), step.output.notifications.size(),
                std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
  step.report_committed(took);
  durable_.mark(step.summary);
}

void KafkaStepCommitter::restore(const std::set<core::PartitionId>& partitions,
                                 runtime::UsageOperator& op) {
  std::map<kafka::PartitionId, kafka::Offset> from;
  for (const core::PartitionId p : partitions) {
    from[p] = kafka::Offset{-1};
    if (const auto saved = local_.get(rocks::Family::kMeta, checkpoint_key(p))) {
      core::ByteReader in(*saved, "changelog checkpoint");
      from[p] = kafka::Offset{in.integer<std::int64_t>()};
    }
  }
  std::uint64_t replayed = 0;
  runtime::retry_with_mitigation(
      runtime::RetryPolicy{"reading the state changelog", kafka_.retry_backoff, std::nullopt},
      stop_,
      [&] {
        rocks::WriteBatch batch = local_.batch();
        replayed = 0;
        const auto next = kafka::read_partitions_to_end(
            kafka_, topics_.changelog, from,
            [&](const kafka::Message& m) {
              ++replayed;
              const std::string_view key = m.key().value_or(std::string_view());
              if (const auto value = m.value()) {
                batch.put(rocks::Family::kState, key, *value);
              } else {
                batch.erase(rocks::Family::kState, key);
              }
            },
            stop_);
        for (const auto& [p, offset] : next) {
          batch.put(rocks::Family::kMeta, checkpoint_key(p), encode_offset(offset));
        }
        local_.write(batch);
      },
      kafka::retry_while_unreachable);
  rocks::restore_state(local_, partitions, op.processor());
  spdlog::info("partitions {}: state restored, {} changelog entries replayed",
               fmt::join(partitions, ", "), replayed);
}

}  // namespace mobilecs::ingester
