#pragma once

#include <absl/container/flat_hash_map.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model/agreement.h"
#include "core/model/incoming_data_record.h"
#include "core/model/msisdn.h"
#include "core/processing/processor_output.h"
#include "core/processing/processor_state.h"
#include "core/processing/usage_alerter.h"
#include "core/time/time_zones.h"
#include "core/windowing/billing_period_assigner.h"
#include "core/windowing/usage_window.h"
#include "core/windowing/watermark_tracker.h"

namespace mobilecs::core {

struct ProcessorConfig {
  EpochMillis allowed_out_of_orderness = 0;
  EpochMillis idle_timeout = 10'000;
  // Usage alerts for agreements without a policy of their own (docs/semantics.md §10).
  std::optional<UsagePolicy> usage_policy;
};

// Receives the state the processor changed, to persist it (a RocksDB batch, a changelog topic).
// Keys and values are opaque bytes; `partition` is the input partition the state belongs to.
class StateChangeSink {
 public:
  virtual ~StateChangeSink() = default;
  virtual void put(PartitionId partition, std::string_view key, std::string_view value) = 0;
  virtual void erase(PartitionId partition, std::string_view key) = 0;
};

// The pipeline of docs/semantics.md after import, as one deterministic operator: match each record
// to its agreement (or keep it waiting), assign it to a billing period window, aggregate, trigger
// on the data plan and on the watermark. No I/O, no clock, no threads: inputs come in through the
// add_* calls, results go out through ProcessorOutput, and the changed state through
// flush_state_changes, so that an adapter can commit them together.
//
// State is partitioned by input partition (the MSISDN's Kafka partition; 0 when embedded) so a
// partition's state can move between processes.
class UsageProcessor {
 public:
  explicit UsageProcessor(ProcessorConfig config);

  // Feeds one entry of persisted state, before its partition is assigned.
  void restore(std::string_view key, std::string_view value);
  // Starts reading `partition`, with whatever restore() fed for it.
  void assign_partition(PartitionId partition);
  // Forgets `partition` and its state; flush_state_changes first.
  void revoke_partition(PartitionId partition);

  // The processing time of the inputs that follow (for idleness only).
  void set_processing_time(EpochMillis now) { now_ = now; }

  // Adds or replaces an agreement, and matches the records that waited for it. Returns false
  // with `error` set if the agreement cannot be used (an unknown time zone).
  bool add_agreement(PartitionId partition, const Agreement& agreement, ProcessorOutput& out,
                     std::string& error);
  // Processes one incoming record, reduced to what processing needs (its MSISDN valid: the
  // parsers see to it). Returns false if the record is refused (see RefusedRecord; out.refused
  // says why).
  bool add_record(PartitionId partition, const UsageRecord& record, ProcessorOutput& out);
  // Hints that `record` comes soon: its subscriber's state is fetched into the cache meanwhile.
  void prefetch(const UsageRecord& record) const {
    subscribers_.prefetch(MsisdnKey::from_packed(record.msisdn_key));
  }
  // Whether `partition` has been read to its end (an idle partition stops holding the
  // watermark back once quiet for the idle timeout).
  void set_caught_up(PartitionId partition, bool caught_up, ProcessorOutput& out);
  // Lets processing time advance to `now`.
  void on_processing_time(EpochMillis now, ProcessorOutput& out);

  // Hands every state change since the last flush to `sink`.
  void flush_state_changes(StateChangeSink& sink);

  EpochMillis watermark() const { return watermark_.current(); }
  const ProcessorCounters& counters() const { return counters_; }
  std::size_t waiting_records() const { return waiting_; }
  std::size_t open_windows() const;

 private:
  struct Subscriber : SubscriberState {
    bool dirty = false;
  };
  struct Partition {
    PartitionProgress progress;
    bool dirty = false;
  };
  struct WindowRef {
    MsisdnKey msisdn;
    Uuid agreement_id;
    int year;
    int month;
  };
  struct PendingChange {
    PartitionId partition;
    MsisdnKey msisdn;
    PendingRecord record;
    bool erase;
  };

  Subscriber& subscriber(PartitionId partition, MsisdnKey msisdn);
  Partition& partition(PartitionId partition);
  EpochMillis lateness_threshold(const Partition& partition) const;
  void mark_dirty(MsisdnKey msisdn, Subscriber& s);
  bool add_matched(MsisdnKey msisdn, Subscriber& s, const AgreementTerms& agreement,
                   Instant recorded_at, const Uuid& internal_id, std::int64_t recorded_bytes,
                   ProcessorOutput& out);
  void fire_closed_windows(ProcessorOutput& out);

  Notification notification(const UsageWindow& window, const AgreementTerms& agreement,
                            NotificationType type) const;

  ProcessorConfig config_;
  UsageAlerter alerter_;
  TimeZones zones_;
  BillingPeriodAssigner assigner_;
  WatermarkTracker watermark_;
  EpochMillis now_ = 0;
  absl::flat_hash_map<MsisdnKey, Subscriber> subscribers_;
  std::unordered_map<PartitionId, Partition> partitions_;
  std::map<EpochMillis, std::vector<WindowRef>> timers_;  // by period end
  std::vector<MsisdnKey> dirty_subscribers_;
  std::vector<PendingChange> pending_changes_;
  std::size_t waiting_ = 0;
  ProcessorCounters counters_;
};

}  // namespace mobilecs::core
