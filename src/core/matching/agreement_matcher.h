#pragma once

#include <absl/container/inlined_vector.h>
#include <date/tz.h>

#include <cstdint>

#include "core/ids/uuid.h"
#include "core/time/instant.h"

namespace mobilecs::core {

// What matching and windowing need of an agreement.
struct AgreementTerms {
  Uuid id;
  Instant signed_at;
  Instant service_start_at;
  const date::time_zone* time_zone = nullptr;
  std::int64_t max_bytes_in_billing_period = 0;

  friend bool operator==(const AgreementTerms&, const AgreementTerms&) = default;
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
