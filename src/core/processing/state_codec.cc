#include "core/processing/state_codec.h"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "core/processing/byte_codec.h"

namespace mobilecs::core {
namespace {

constexpr std::uint8_t kLayoutVersion = 1;
// Subscriber state version 2 adds usage policies and alert state; version 1 is still read.
constexpr std::uint8_t kSubscriberLayoutVersion = 2;

std::uint8_t expect_version(ByteReader& in, const char* what, std::uint8_t oldest = kLayoutVersion,
                            std::uint8_t newest = kLayoutVersion) {
  const auto version = in.integer<std::uint8_t>();
  if (version < oldest || version > newest) {
    throw std::runtime_error(fmt::format("{} has layout version {}, this build reads {} to {}",
                                         what, version, oldest, newest));
  }
  return version;
}

void write_policy(ByteWriter& out, const UsagePolicy* policy) {
  out.integer<std::uint8_t>(policy != nullptr ? 1 : 0);
  if (policy == nullptr) return;
  out.integer<std::uint8_t>(static_cast<std::uint8_t>(policy->thresholds.size()));
  for (const UsageThreshold& t : policy->thresholds) {
    out.integer<std::uint8_t>(static_cast<std::uint8_t>(t.kind)).integer<std::int64_t>(t.value);
  }
  out.integer<std::int64_t>(policy->over_plan_step_bytes.value_or(0));
  out.integer<std::uint8_t>(policy->forecast ? 1 : 0);
  if (policy->forecast) {
    out.integer<std::uint8_t>(static_cast<std::uint8_t>(policy->forecast->trailing_days))
        .integer<std::uint8_t>(static_cast<std::uint8_t>(policy->forecast->min_observed_days));
  }
}

std::shared_ptr<const UsagePolicy> read_policy(ByteReader& in) {
  if (in.integer<std::uint8_t>() == 0) return nullptr;
  auto policy = std::make_shared<UsagePolicy>();
  const auto thresholds = in.integer<std::uint8_t>();
  if (thresholds > kMaxUsageThresholds) {
    throw std::runtime_error("corrupt subscriber state: too many usage thresholds");
  }
  for (std::uint8_t i = 0; i < thresholds; ++i) {
    const auto kind = in.integer<std::uint8_t>();
    if (kind > static_cast<std::uint8_t>(UsageThreshold::Kind::kBytes)) {
      throw std::runtime_error("corrupt subscriber state: unknown usage threshold kind");
    }
    policy->thresholds.push_back(
        UsageThreshold{static_cast<UsageThreshold::Kind>(kind), in.integer<std::int64_t>()});
  }
  if (const auto step = in.integer<std::int64_t>(); step > 0) {
    policy->over_plan_step_bytes = step;
  }
  if (in.integer<std::uint8_t>() != 0) {
    ForecastPolicy forecast;
    forecast.trailing_days = in.integer<std::uint8_t>();
    forecast.min_observed_days = in.integer<std::uint8_t>();
    policy->forecast = forecast;
  }
  return policy;
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
  out.integer<std::uint8_t>(kSubscriberLayoutVersion);
  out.integer<std::uint16_t>(static_cast<std::uint16_t>(state.agreements.agreements().size()));
  for (const AgreementTerms& a : state.agreements.agreements()) {
    out.uuid(a.id);
    write_instant(out, a.signed_at);
    write_instant(out, a.service_start_at);
    out.short_string(a.time_zone->name());
    out.integer<std::int64_t>(a.max_bytes_in_billing_period);
    write_policy(out, a.own_policy.get());
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
        .integer<std::uint8_t>(w.plan_exceeded_notified ? 1 : 0)
        .integer<std::uint32_t>(w.alert_plan)
        .integer<std::uint32_t>(w.thresholds_reached)
        .integer<std::int64_t>(w.over_plan_steps_reached)
        .integer<std::uint8_t>(w.forecast_done ? 1 : 0)
        .integer<std::uint8_t>(static_cast<std::uint8_t>(w.daily_bytes.size()));
    for (const std::int64_t bytes : w.daily_bytes) {
      out.integer<std::int64_t>(bytes);
    }
  }
  return value;
}

void decode_subscriber(std::string_view value, TimeZones& zones, SubscriberState& state) {
  ByteReader in(value, "subscriber state");
  const std::uint8_t version =
      expect_version(in, "subscriber state", kLayoutVersion, kSubscriberLayoutVersion);
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
    if (version >= 2) {
      a.own_policy = read_policy(in);
    }
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
    if (version >= 2) {
      w.alert_plan = in.integer<std::uint32_t>();
      w.thresholds_reached = in.integer<std::uint32_t>();
      w.over_plan_steps_reached = in.integer<std::int64_t>();
      w.forecast_done = in.integer<std::uint8_t>() != 0;
      w.daily_bytes.resize(in.integer<std::uint8_t>());
      for (std::int64_t& bytes : w.daily_bytes) {
        bytes = in.integer<std::int64_t>();
      }
    }
    state.windows.push_back(std::move(w));
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
