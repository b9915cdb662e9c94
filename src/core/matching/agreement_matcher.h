#pragma once

#include <absl/container/inlined_vector.h>
#include <date/tz.h>

#include <cstdint>
#include <memory>

#include "core/ids/uuid.h"
#include "core/model/usage_policy.h"
#include "core/time/instant.h"

namespace mobilecs::core {

class UsageAlertPlan;

// What matching and windowing need of an agreement.
struct AgreementTerms {
  Uuid id;
  Instant signed_at;
  Instant service_start_at;
  const date::time_zone* time_zone = nullptr;
  std::int64_t max_bytes_in_billing_period = 0;
  std::shared_ptr<const UsagePolicy> own_policy;  // the agreement's usagePolicy, if it has one
  // The policy in effect (its own, else --usage-policy's) for its plan; null without alerts.
  std::shared_ptr<const UsageAlertPlan> alerts;

  // The alert plan is derived from the rest, and not compared.
  friend bool operator==(const AgreementTerms& a, const AgreementTerms& b) {
    return a.id == b.id && a.signed_at == b.signed_at && a.service_start_at == b.service_start_at &&
           a.time_zone == b.time_zone &&
           a.max_bytes_in_billing_period == b.max_bytes_in_billing_period &&
           (a.own_policy == nullptr ? b.own_policy == nullptr
                                    : b.own_policy != nullptr && *a.own_policy == *b.own_policy);
  }
};

// The agreements of one MSISDN, kept in order of preference so that matching a record is a
// short scan (docs/semantics.md §2): the latest serviceStartAt first, ties broken by the latest
// signedAt, then by id so the choice never depends on arrival order.
class AgreementMatcher {
 public:
  // Adds `terms`, replacing an agreement with the same id.
  void upsert(const AgreementTerms& terms);

  // The agreement for a record at `recorded_at`: the preferred one whose service started
  // strictly before it; nullptr when there is none yet.
  const AgreementTerms* match(Instant recorded_at) const;

  const AgreementTerms* find(const Uuid& id) const;
  using List = absl::InlinedVector<AgreementTerms, 1>;  // one agreement per MSISDN, mostly
  const List& agreements() const { return agreements_; }
  bool empty() const { return agreements_.empty(); }

 private:
  List agreements_;
};

}  // namespace mobilecs::core
