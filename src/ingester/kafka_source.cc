#include "ingester/kafka_source.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/codec/agreement_json.h"
#include "core/model/msisdn.h"
#include "kafka/kafka_error.h"
#include "kafka/murmur2_partitioner.h"
#include "runtime/retry.h"

namespace mobilecs::ingester {
namespace {

std::string names(const std::vector<kafka::TopicPartition>& partitions) {
  std::vector<std::string> out;
  for (const kafka::TopicPartition& tp : partitions) out.push_back(kafka::to_string(tp));
  return fmt::format("{}", fmt::join(out, ", "));
}

}  // namespace

KafkaSource::KafkaSource(kafka::GroupConsumer& consumer, IngesterTopics topics, int partition_count,
                         std::chrono::milliseconds quiet_before_idle, std::size_t max_step_records,
                         runtime::BackoffConfig retry_backoff, std::stop_token stop)
    : consumer_(consumer),
      topics_(std::move(topics)),
      partition_count_(partition_count),
      quiet_before_idle_(quiet_before_idle),
      max_step_records_(max_step_records),
      retry_backoff_(retry_backoff),
      stop_(std::move(stop)) {}

KafkaSource::Batch KafkaSource::poll(const std::stop_token& stop,
                                     std::chrono::steady_clock::time_point until) {
  // Partitions revoked by the last batch go to their next owner only now: the runner has waited
  // for the step it was committing meanwhile (its offsets and changelog for them included).
  consumer_.release_revoked();
  Batch batch;
  std::size_t messages = 0;
  const auto polling_since = std::chrono::steady_clock::now();
  for (;;) {
    // Wait for the first event; then take what is already there without waiting (and without
    // asking the clock: this runs for every message).
    std::chrono::milliseconds wait{0};
    if (messages == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now < until) {
        wait = std::min(std::chrono::ceil<std::chrono::milliseconds>(until - now),
                        std::chrono::milliseconds(100));
      }
    }
    std::optional<kafka::ConsumerEvent> event = consumer_.poll(wait);
    if (!event) {
      if (messages > 0 || std::chrono::steady_clock::now() >= until || stop.stop_requested()) {
        break;
      }
      continue;
    }
    if (event->kind == kafka::ConsumerEvent::Kind::kMessage) ++messages;
    if (!take(*event, batch) || messages >= max_step_records_) break;
  }
  quiet_for_ = messages > 0 ? std::chrono::steady_clock::duration::zero()
                            : quiet_for_ + (std::chrono::steady_clock::now() - polling_since);
  recheck_ends(batch);
  gate_records_behind_agreements(batch);
  return batch;
}

// A partition read to its end stops holding the watermark back once quiet (docs/semantics.md §7).
// Records that came now on other partitions may have been written together with records for it
// that are still on their way: from another broker, or with their commit marker not there yet.
// Were it left idle, they could come after the watermark passed them, and be late. So when
// records come, and at least once a second whatever comes (a transaction still open, of a slow or
// stalled importer, may hold records that no read can see yet), each partition that seemed at
// its end is asked where its log ends, uncommitted records included; if past where it was read to,
// it holds the watermark until it is read there (or its transaction aborted: librdkafka says
// "end" again at the new end). Without an answer (a leader down) it holds the watermark too,
// and is asked again at each poll until an answer releases it.
void KafkaSource::recheck_ends(Batch& batch) {
  const bool records_came = std::any_of(batch.inputs.begin(), batch.inputs.end(),
                                        [](const auto& input) { return !input.records.empty(); });
  const auto now = std::chrono::steady_clock::now();
  const bool due = records_came || now - last_end_check_ >= kEndCheckEvery;
  std::vector<kafka::TopicPartition> ask;
  for (const core::PartitionId p : assigned_) {
    const kafka::TopicPartition where{topics_.records, p};
    const bool candidate = (due && positions_[where].at_end) || unconfirmed_.contains(p);
    if (candidate && !records_paused_.contains(p)) ask.push_back(where);
  }
  if (ask.empty()) return;
  last_end_check_ = now;
  const auto ends = consumer_.log_ends(ask, std::chrono::seconds(1));
  std::set<core::PartitionId> answered;
  for (const auto& [where, end] : ends.value_or(decltype(ends)::value_type{})) {
    answered.insert(where.partition);
    Position& position = positions_[where];
    if (end.value > position.end.value) {
      if (position.at_end) {
        spdlog::debug("{} ends at {}, past {}: not at its end", kafka::to_string(where), end.value,
                      position.end.value);
      }
      hold(where.partition, batch);
      unconfirmed_.erase(where.partition);  // its records come, then its end
    } else if (unconfirmed_.erase(where.partition) > 0) {
      position.at_end = true;  // nothing was on its way after all
      batch.caught_up.insert(where.partition);
    }
  }
  for (const kafka::TopicPartition& where : ask) {
    if (answered.contains(where.partition)) continue;
    if (!unconfirmed_.contains(where.partition)) {
      spdlog::debug("{}: no broker said where it ends; holding the watermark",
                    kafka::to_string(where));
    }
    hold(where.partition, batch);
    unconfirmed_.insert(where.partition);
  }
}

// The records of partition `p` are not read to their end (any more): it holds the watermark.
void KafkaSource::hold(core::PartitionId p, Batch& batch) {
  Position& position = positions_[{topics_.records, p}];
  if (!position.at_end) return;
  position.at_end = false;
  if (batch.caught_up.erase(p) == 0) batch.resumed.insert(p);
}

bool KafkaSource::take(kafka::ConsumerEvent& event, Batch& batch) {
  using Kind = kafka::ConsumerEvent::Kind;
  switch (event.kind) {
    case Kind::kMessage:
      take_message(*event.message, batch);
      return true;
    case Kind::kEndOfPartition: {
      const core::PartitionId p = event.where.partition;
      Position& position = positions_[event.where];
      if (!position.at_end && event.where.topic == topics_.records) {
        spdlog::debug("{} read to its end at {}", kafka::to_string(event.where), event.end.value);
        batch.caught_up.insert(p);
      }
      position.at_end = true;
      position.end = event.end;
      if (event.where.topic == topics_.records) unconfirmed_.erase(p);
      batch.progress[event.where] = event.end;
      return true;
    }
    case Kind::kAssigned: {
      std::set<core::PartitionId> partitions;
      for (const auto& tp : event.partitions) partitions.insert(tp.partition);
      for (const core::PartitionId p : partitions) {
        assigned_.insert(p);
        records_paused_.insert(p);  // GroupConsumer pauses them on assignment
        positions_[{topics_.agreements, {p}}] = Position{};
        positions_[{topics_.records, {p}}] = Position{};
      }
      quiet_for_ = std::chrono::steady_clock::duration::zero();  // quiet is measured from here
      batch.assigned = partitions;
      spdlog::info("assigned partitions {}", fmt::join(partitions, ", "));
      return false;
    }
    case Kind::kRevoked: {
      std::set<core::PartitionId> partitions;
      for (const auto& tp : event.partitions) partitions.insert(tp.partition);
      for (const core::PartitionId p : partitions) {
        assigned_.erase(p);
        records_paused_.erase(p);
        positions_.erase({topics_.agreements, {p}});
        positions_.erase({topics_.records, {p}});
        unconfirmed_.erase(p);
      }
      // What this batch read belongs to the step being abandoned.
      batch = Batch();
      batch.revoked = partitions;
      spdlog::info("revoked partitions {}", fmt::join(partitions, ", "));
      return false;
    }
    case Kind::kError:
      if (event.fatal) throw kafka::KafkaError::configuration("Kafka consumer: " + event.error);
      if (errors_seen_++ % 100 == 0) spdlog::warn("Kafka consumer: {}", event.error);
      return true;
  }
  return true;
}

runtime::PartitionInput<KafkaSource::Record>& KafkaSource::input_for(core::PartitionId p,
                                                                     Batch& batch) {
  for (runtime::PartitionInput<Record>& input : batch.inputs) {
    if (input.partition == p) return input;
  }
  runtime::PartitionInput<Record>& input = batch.inputs.emplace_back();
  input.partition = p;
  input.records_origin = kafka::to_string({topics_.records, {p}});
  return input;
}

void KafkaSource::take_message(const kafka::Message& m, Batch& batch) {
  const core::PartitionId p = m.partition();
  const kafka::TopicPartition where{std::string(m.topic()), m.partition()};
  Position& position = positions_[where];
  const bool is_agreement = m.topic() == topics_.agreements;
  if (position.at_end && !is_agreement) {
    hold(p, batch);  // its end, if this batch said so, was not the end after all
  } else {
    position.at_end = false;
  }
  batch.progress[where] = kafka::Offset{m.offset().value + 1};
  const std::string_view payload = m.value().value_or(std::string_view());
  std::string error;
  if (is_agreement) {
    core::Agreement agreement;
    if (core::parse_agreement_json(payload, zones_, agreement, error)) {
      const core::PartitionId expected{kafka::java_partition(agreement.msisdn, partition_count_)};
      if (expected == p) {
        input_for(p, batch).agreements.push_back(std::move(agreement));
        return;
      }
      error = fmt::format(
          "agreement {} for msisdn {} is on partition {}, but its msisdn hashes to partition {}: "
          "its producer must key agreements by msisdn",
          agreement.id.to_string(), agreement.msisdn, p, expected);
    }
  } else {
    core::IncomingDataRecord record;
    if (record_parser_.parse(payload, zones_, record, error)) {
      runtime::PartitionInput<Record>& input = input_for(p, batch);
      input.records.push_back(record.usage_record());
      input.record_positions.push_back(static_cast<std::uint64_t>(m.offset().value));
      return;
    }
  }
  batch.bad.push_back(runtime::BadInput{kafka::to_string(where),
                                        static_cast<std::uint64_t>(m.offset().value), error});
}

void KafkaSource::gate_records_behind_agreements(Batch& batch) {
  std::vector<kafka::TopicPartition> pause;
  std::vector<kafka::TopicPartition> resume;
  for (const core::PartitionId p : assigned_) {
    const bool agreements_behind = !positions_[{topics_.agreements, {p}}].at_end;
    if (agreements_behind == records_paused_.contains(p)) continue;
    if (agreements_behind) {
      pause.push_back({topics_.records, {p}});
      records_paused_.insert(p);
      hold(p, batch);  // not read while paused: librdkafka says "end" again after the resume
    } else {
      resume.push_back({topics_.records, {p}});
      records_paused_.erase(p);
    }
  }
  if (!pause.empty()) {
    spdlog::debug("records of {} held back until their agreements are read", names(pause));
    consumer_.pause(pause);
  }
  if (!resume.empty()) {
    spdlog::debug("records of {} read again: their agreements are read", names(resume));
    consumer_.resume(resume);
  }
}

bool KafkaSource::exhausted() const {
  if (assigned_.empty()) return false;  // not before the group gave this member its partitions
  for (const auto& [where, position] : positions_) {
    if (!position.at_end) return false;
  }
  return quiet_for_ >= quiet_before_idle_;
}

std::vector<kafka::TopicPartition> KafkaSource::both_topics(
    const std::set<core::PartitionId>& ps) const {
  std::vector<kafka::TopicPartition> out;
  for (const core::PartitionId p : ps) {
    out.push_back({topics_.agreements, {p}});
    out.push_back({topics_.records, {p}});
  }
  return out;
}

void KafkaSource::rewind() {
  if (assigned_.empty()) return;
  runtime::retry_with_mitigation(
      runtime::RetryPolicy{"going back to the committed offsets", retry_backoff_, std::nullopt},
      stop_, [&] { consumer_.seek_to_committed(both_topics(assigned_), std::chrono::seconds(2)); },
      kafka::retry_while_unreachable);
  for (auto& [where, position] : positions_) position = Position{};
  unconfirmed_.clear();  // not at their end: read again from the committed offsets
}

}  // namespace mobilecs::ingester
