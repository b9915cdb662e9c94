#include "core/processing/state_codec.h"

#include <fmt/format.h>

#include <stdexcept>

#include "core/processing/byte_codec.h"

namespace mobilecs::core {
namespace {

constexpr std::uint8_t kLayoutVersion = 1;

void expect_version(ByteReader& in, const char* what) {
  const auto version = in.integer<std::uint8_t>();
  if (version != kLayoutVersion) {
    throw std::runtime_error(fmt::format("{} has layout version {}, this build reads {}", what,
                                         version, kLayoutVersion));
  }
}

void write_instant(ByteWriter& out, Instant t) {
  out.integer<std::int64_t>(t.epoch_second).integer<std::int32_t>(t.nano);
}

Instant read_instant(ByteReader& in) {
  Instant t;
  t.epoch_second = in.integer<std::int64_t>();
  t.nano = in.integer<std::int32_t>();
  return t;
}

}  // namespace

std::string state_key_prefix(StateEntryKind kind, PartitionId partition) {
  std::string key;
  key.push_back(static_cast<char>(kind));
  ByteWriter(key).integer<std::uint16_t>(static_cast<std::uint16_t>(partition.value));
  return key;
}

std::string subscriber_key(PartitionId partition, MsisdnKey msisdn) {
  std::string key = state_key_prefix(StateEntryKind::kSubscriber, partition);
  ByteWriter(key).integer<std::uint64_t>(msisdn.packed());
  return key;
}

std::string pending_key(PartitionId partition, MsisdnKey msisdn, std::uint64_t seq) {
  std::string key = state_key_prefix(StateEntryKind::kPending, partition);
  ByteWriter(key).integer<std::uint64_t>(msisdn.packed()).integer<std::uint64_t>(seq);
  return key;
}

std::string partition_key(PartitionId partition) {
  return state_key_prefix(StateEntryKind::kPartition, partition);
}

StateKey decode_state_key(std::string_view key) {
  ByteReader in(key, "state key");
  StateKey result;
  result.kind = static_cast<StateEntryKind>(in.integer<char>());
  result.partition = PartitionId{in.integer<std::uint16_t>()};
  switch (result.kind) {
    case StateEntryKind::kSubscriber:
      result.msisdn = MsisdnKey::from_packed(in.integer<std::uint64_t>());
      break;
    case StateEntryKind::kPending:
      result.msisdn = MsisdnKey::from_packed(in.integer<std::uint64_t>());
      result.seq = in.integer<std::uint64_t>();
      break;
    case StateEntryKind::kPartition:
      break;
    default:
      throw std::runtime_error(fmt::format("unknown state key kind '{}'", key.front()));
  }
  if (!in.at_end()) {
    throw std::runtime_error("corrupt state key: too long");
  }
  return result;
}

std::string encode_subscriber(const SubscriberState& state) {
  std::string value;
  value.reserve(16 + state.agreements.agreements().size() * 80 + state.windows.size() * 80);
  ByteWriter out(value);
  out.integer<std::uint8_t>(kLayoutVersion);
  out.integer<std::uint16_t>(static_cast<std::uint16_t>(state.agreements.agreements().size()));
  for (const AgreementTerms& a : state.agreements.agreements()) {
    out.uuid(a.id);
    write_instant(out, a.signed_at);
    write_instant(out, a.service_start_at);
    out.short_string(a.time_zone->name());
    out.integer<std::int64_t>(a.max_bytes_in_billing_period);
  }
  out.integer<std::uint16_t>(static_cast<std::uint16_t>(state.windows.size()));
  for (const UsageWindow& w : state.windows) {
    out.uuid(w.agreement_id)
        .integer<std::int16_t>(static_cast<std::int16_t>(w.year))
        .integer<std::uint8_t>(static_cast<std::uint8_t>(w.month))
        .integer<std::int64_t>(w.end)
        .integer<std::int64_t>(w.record_count)
        .integer<std::int64_t>(w.total_recorded_bytes)
        .integer<std::int64_t>(w.latest_recorded_at)
        .uuid(w.latest_internal_record_id)
        .integer<std::uint8_t>(w.plan_exceeded_notified ? 1 : 0);
  }
  return value;
}

void decode_subscriber(std::string_view value, TimeZones& zones, SubscriberState& state) {
  ByteReader in(value, "subscriber state");
  expect_version(in, "subscriber state");
  const auto agreements = in.integer<std::uint16_t>();
  for (std::uint16_t i = 0; i < agreements; ++i) {
    AgreementTerms a;
    a.id = in.uuid();
    a.signed_at = read_instant(in);
    a.service_start_at = read_instant(in);
    const std::string_view zone = in.short_string();
    a.time_zone = zones.find(zone);
    if (a.time_zone == nullptr) {
      throw std::runtime_error(fmt::format(
          "agreement {} uses time zone '{}', which the system tz database no longer has",
          a.id.to_string(), zone));
    }
    a.max_bytes_in_billing_period = in.integer<std::int64_t>();
    state.agreements.upsert(a);
  }
  const auto windows = in.integer<std::uint16_t>();
  state.windows.reserve(windows);
  for (std::uint16_t i = 0; i < windows; ++i) {
    UsageWindow w;
    w.agreement_id = in.uuid();
    w.year = in.integer<std::int16_t>();
    w.month = in.integer<std::uint8_t>();
    w.end = in.integer<std::int64_t>();
    w.record_count = in.integer<std::int64_t>();
    w.total_recorded_bytes = in.integer<std::int64_t>();
    w.latest_recorded_at = in.integer<std::int64_t>();
    w.latest_internal_record_id = in.uuid();
    w.plan_exceeded_notified = in.integer<std::uint8_t>() != 0;
    state.windows.push_back(w);
  }
  if (!in.at_end()) {
    throw std::runtime_error("corrupt subscriber state: trailing bytes");
  }
}

std::string encode_pending(const PendingRecord& record) {
  std::string value;
  ByteWriter out(value);
  out.integer<std::uint8_t>(kLayoutVersion);
  write_instant(out, record.recorded_at);
  out.uuid(record.internal_id).integer<std::int64_t>(record.recorded_bytes);
  return value;
}

PendingRecord decode_pending(std::string_view value, std::uint64_t seq) {
  ByteReader in(value, "waiting record");
  expect_version(in, "waiting record");
  PendingRecord record;
  record.seq = seq;
  record.recorded_at = read_instant(in);
  record.internal_id = in.uuid();
  record.recorded_bytes = in.integer<std::int64_t>();
  return record;
}

std::string encode_partition(const PartitionProgress& progress) {
  std::string value;
  ByteWriter(value)
      .integer<std::uint8_t>(kLayoutVersion)
      .integer<std::int64_t>(progress.max_event_time)
      .integer<std::int64_t>(progress.watermark_applied)
      .integer<std::uint64_t>(progress.next_pending_seq);
  return value;
}

PartitionProgress decode_partition(std::string_view value) {
  ByteReader in(value, "partition progress");
  expect_version(in, "partition progress");
  PartitionProgress progress;
  progress.max_event_time = in.integer<std::int64_t>();
  progress.watermark_applied = in.integer<std::int64_t>();
  progress.next_pending_seq = in.integer<std::uint64_t>();
  return progress;
}

}  // namespace mobilecs::core
