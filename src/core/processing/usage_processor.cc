#include "core/processing/usage_processor.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "core/processing/state_codec.h"
#include "core/windowing/data_plan_trigger.h"

namespace mobilecs::core {

UsageProcessor::UsageProcessor(ProcessorConfig config)
    : config_(config),
      alerter_(config.usage_policy),
      watermark_(config.allowed_out_of_orderness, config.idle_timeout) {}

void UsageProcessor::restore(std::string_view key, std::string_view value) {
  const StateKey k = decode_state_key(key);
  switch (k.kind) {
    case StateEntryKind::kSubscriber: {
      Subscriber& s = subscriber(k.partition, k.msisdn);
      decode_subscriber(value, zones_, s);
      const AgreementMatcher::List restored = s.agreements.agreements();
      for (AgreementTerms terms : restored) {
        alerter_.resolve(terms);
        s.agreements.upsert(terms);
      }
      for (const UsageWindow& w : s.windows) {
        timers_[w.end].push_back(WindowRef{k.msisdn, w.agreement_id, w.year, w.month});
      }
      break;
    }
    case StateEntryKind::kPending: {
      Subscriber& s = subscriber(k.partition, k.msisdn);
      s.pending.push_back(decode_pending(value, k.seq));
      ++waiting_;
      break;
    }
    case StateEntryKind::kPartition:
      partitions_[k.partition].progress = decode_partition(value);
      break;
  }
}

void UsageProcessor::assign_partition(PartitionId p) {
  watermark_.assign(p, partition(p).progress.max_event_time, now_);
}

void UsageProcessor::revoke_partition(PartitionId p) {
  for (auto it = subscribers_.begin(); it != subscribers_.end();) {
    if (it->second.partition == p) {
      waiting_ -= it->second.pending.size();
      subscribers_.erase(it++);
    } else {
      ++it;
    }
  }
  std::erase_if(pending_changes_, [p](const PendingChange& c) { return c.partition == p; });
  std::erase_if(dirty_subscribers_, [this](MsisdnKey m) { return !subscribers_.contains(m); });
  partitions_.erase(p);
  watermark_.revoke(p);
}

UsageProcessor::Subscriber& UsageProcessor::subscriber(PartitionId p, MsisdnKey msisdn) {
  auto [it, inserted] = subscribers_.try_emplace(msisdn);
  if (inserted) {
    it->second.partition = p;
  }
  return it->second;
}

UsageProcessor::Partition& UsageProcessor::partition(PartitionId p) { return partitions_[p]; }

EpochMillis UsageProcessor::lateness_threshold(const Partition& p) const {
  // After a partition moved here, windows its previous owner closed stay closed.
  return std::max(watermark_.current(), p.progress.watermark_applied);
}

void UsageProcessor::mark_dirty(MsisdnKey msisdn, Subscriber& s) {
  if (!s.dirty) {
    s.dirty = true;
    dirty_subscribers_.push_back(msisdn);
  }
}

bool UsageProcessor::add_agreement(PartitionId p, const Agreement& agreement, ProcessorOutput& out,
                                   std::string& error) {
  const auto msisdn = MsisdnKey::parse(agreement.msisdn, error);
  if (!msisdn) return false;
  const date::time_zone* zone = zones_.find(agreement.billing_period_time_zone);
  if (zone == nullptr) {
    error = fmt::format("unknown time zone '{}'", agreement.billing_period_time_zone);
    return false;
  }
  ++counters_.agreements;
  Subscriber& s = subscriber(p, *msisdn);
  AgreementTerms terms{
      agreement.id, agreement.signed_at.instant,           agreement.service_start_at.instant,
      zone,         agreement.max_bytes_in_billing_period, nullptr,
      nullptr};
  if (agreement.usage_policy) {
    terms.own_policy = std::make_shared<const UsagePolicy>(*agreement.usage_policy);
  }
  alerter_.resolve(terms);
  s.agreements.upsert(terms);
  mark_dirty(*msisdn, s);
  out.agreements.push_back(agreement);

  // Release the records that waited for this agreement, in their arrival order.
  auto still_waiting = s.pending.begin();
  for (auto it = s.pending.begin(); it != s.pending.end(); ++it) {
    const AgreementTerms* match = s.agreements.match(it->recorded_at);
    if (match == nullptr) {
      *still_waiting++ = *it;
      continue;
    }
    ++counters_.released;
    --waiting_;
    pending_changes_.push_back(PendingChange{p, *msisdn, *it, true});
    add_matched(*msisdn, s, *match, it->recorded_at, it->internal_id, it->recorded_bytes, out);
  }
  s.pending.erase(still_waiting, s.pending.end());
  return true;
}

bool UsageProcessor::add_record(PartitionId p, const UsageRecord& record, ProcessorOutput& out) {
  const MsisdnKey msisdn = MsisdnKey::from_packed(record.msisdn_key);
  ++counters_.records;
  Partition& part = partition(p);
  Subscriber& s = subscriber(p, msisdn);
  bool taken = true;
  if (const AgreementTerms* match = s.agreements.match(record.recorded_at)) {
    taken = add_matched(msisdn, s, *match, record.recorded_at, record.internal_id,
                        record.recorded_bytes, out);
  } else {
    ++counters_.waited;
    ++waiting_;
    PendingRecord pending{part.progress.next_pending_seq++, record.recorded_at, record.internal_id,
                          record.recorded_bytes};
    s.pending.push_back(pending);
    pending_changes_.push_back(PendingChange{p, msisdn, pending, false});
  }
  // The watermark follows every record read, matched or not, as a source's would.
  part.dirty = true;
  if (watermark_.on_event(p, record.recorded_at.epoch_millis(), now_)) {
    fire_closed_windows(out);
  }
  return taken;
}

bool UsageProcessor::add_matched(MsisdnKey msisdn, Subscriber& s, const AgreementTerms& agreement,
                                 Instant recorded_at, const Uuid& internal_id,
                                 std::int64_t recorded_bytes, ProcessorOutput& out) {
  const EpochMillis t = recorded_at.epoch_millis();
  const BillingPeriod& period = assigner_.assign(*agreement.time_zone, t);
  const DataRecord record{agreement.id,
                          static_cast<std::int16_t>(period.year),
                          static_cast<std::int8_t>(period.month),
                          t,
                          internal_id,
                          recorded_bytes};
  const EpochMillis threshold = lateness_threshold(partition(s.partition));
  if (DataPlanTrigger::is_late(period.max_timestamp(), threshold)) {
    ++counters_.matched;
    ++counters_.late;
    out.data_records.push_back(record);
    out.late_records.push_back(LateRecord{record, threshold});
    return true;
  }
  auto window = std::find_if(s.windows.begin(), s.windows.end(),
                             [&](const UsageWindow& w) { return w.is_for(agreement.id, period); });
  std::int64_t unused = 0;
  if (window != s.windows.end() &&
      __builtin_add_overflow(window->total_recorded_bytes, recorded_bytes, &unused)) {
    ++counters_.refused;
    out.refused.push_back(RefusedRecord{
        internal_id, t,
        fmt::format("{} bytes would bring the total of billing period {}-{:02} of agreement {} "
                    "past 9223372036854775807 bytes, more than a notification can carry",
                    recorded_bytes, period.year, period.month, agreement.id.to_string())});
    return false;
  }
  ++counters_.matched;
  out.data_records.push_back(record);
  if (window == s.windows.end()) {
    UsageWindow fresh;
    fresh.agreement_id = agreement.id;
    fresh.year = period.year;
    fresh.month = period.month;
    fresh.end = period.end;
    fresh.alert_plan = agreement.alerts != nullptr ? agreement.alerts->fingerprint() : 0;
    s.windows.push_back(fresh);
    window = std::prev(s.windows.end());
    timers_[period.end].push_back(WindowRef{msisdn, agreement.id, period.year, period.month});
  }
  add_to_window(*window, t, internal_id, recorded_bytes);
  if (DataPlanTrigger::on_record(*window, agreement.max_bytes_in_billing_period) ==
      TriggerResult::kFire) {
    ++counters_.data_plan_exceeded;
    out.notifications.push_back(
        notification(*window, agreement, NotificationType::kDataPlanExceeded));
  }
  if (agreement.alerts != nullptr) {
    const std::size_t before = out.alerts.size();
    alerter_.on_record(*window, agreement, period, t, recorded_bytes, out.alerts);
    counters_.usage_alerts += out.alerts.size() - before;
  }
  mark_dirty(msisdn, s);
  return true;
}

void UsageProcessor::set_caught_up(PartitionId p, bool caught_up, ProcessorOutput& out) {
  if (watermark_.on_caught_up(p, caught_up, now_)) {
    fire_closed_windows(out);
  }
}

void UsageProcessor::on_processing_time(EpochMillis now, ProcessorOutput& out) {
  now_ = now;
  if (watermark_.on_processing_time(now)) {
    fire_closed_windows(out);
  }
}

void UsageProcessor::fire_closed_windows(ProcessorOutput& out) {
  const EpochMillis watermark = watermark_.current();
  while (!timers_.empty() &&
         DataPlanTrigger::on_event_time(timers_.begin()->first - 1, watermark) ==
             TriggerResult::kFireAndPurge) {
    std::vector<WindowRef> refs = std::move(timers_.begin()->second);
    timers_.erase(timers_.begin());
    // A canonical order, so a restored processor publishes exactly as an uninterrupted one.
    std::sort(refs.begin(), refs.end(), [](const WindowRef& a, const WindowRef& b) {
      return std::tie(a.msisdn, a.agreement_id, a.year, a.month) <
             std::tie(b.msisdn, b.agreement_id, b.year, b.month);
    });
    for (const WindowRef& ref : refs) {
      const auto it = subscribers_.find(ref.msisdn);
      if (it == subscribers_.end()) {
        continue;  // its partition was revoked
      }
      Subscriber& s = it->second;
      const auto window =
          std::find_if(s.windows.begin(), s.windows.end(), [&](const UsageWindow& w) {
            return w.agreement_id == ref.agreement_id && w.year == ref.year && w.month == ref.month;
          });
      const AgreementTerms* agreement = s.agreements.find(ref.agreement_id);
      if (window == s.windows.end() || agreement == nullptr) {
        continue;
      }
      ++counters_.billing_period_closed;
      out.notifications.push_back(
          notification(*window, *agreement, NotificationType::kBillingPeriodClosed));
      s.windows.erase(window);
      mark_dirty(ref.msisdn, s);
    }
  }
  for (auto& [id, p] : partitions_) {
    if (watermark_.is_assigned(id) && p.progress.watermark_applied < watermark) {
      p.progress.watermark_applied = watermark;
      p.dirty = true;
    }
  }
}

Notification UsageProcessor::notification(const UsageWindow& window,
                                          const AgreementTerms& agreement,
                                          NotificationType type) const {
  return Notification{window.agreement_id,
                      window.year,
                      window.month,
                      window.latest_recorded_at,
                      window.latest_internal_record_id,
                      window.total_recorded_bytes,
                      std::string(agreement.time_zone->name()),
                      agreement.max_bytes_in_billing_period,
                      type,
                      window.max_timestamp()};
}

void UsageProcessor::flush_state_changes(StateChangeSink& sink) {
  // In key order: stores insert sorted keys faster.
  std::sort(dirty_subscribers_.begin(), dirty_subscribers_.end());
  for (const MsisdnKey msisdn : dirty_subscribers_) {
    const auto it = subscribers_.find(msisdn);
    if (it == subscribers_.end()) {
      continue;
    }
    Subscriber& s = it->second;
    s.dirty = false;
    const std::string key = subscriber_key(s.partition, msisdn);
    if (s.agreements.empty() && s.windows.empty()) {
      sink.erase(s.partition, key);
    } else {
      sink.put(s.partition, key, encode_subscriber(s));
    }
  }
  dirty_subscribers_.clear();
  for (const PendingChange& change : pending_changes_) {
    const std::string key = pending_key(change.partition, change.msisdn, change.record.seq);
    if (change.erase) {
      sink.erase(change.partition, key);
    } else {
      sink.put(change.partition, key, encode_pending(change.record));
    }
  }
  pending_changes_.clear();
  for (auto& [id, p] : partitions_) {
    if (p.dirty) {
      p.dirty = false;
      p.progress.max_event_time = watermark_.max_event_time(id);
      sink.put(id, partition_key(id), encode_partition(p.progress));
    }
  }
}

std::size_t UsageProcessor::open_windows() const {
  std::size_t count = 0;
  for (const auto& [msisdn, s] : subscribers_) {
    count += s.windows.size();
  }
  return count;
}

}  // namespace mobilecs::core
