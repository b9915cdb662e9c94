#pragma once

#include <date/tz.h>

#include <cstdint>
#include <string>

#include "core/ids/uuid.h"
#include "core/time/instant.h"
#include "generator/java_random.h"

namespace mobilecs::generator {

// The building blocks docs/reference-data.md defines the reference data set with.

// uuid(r) = UUID.nameUUIDFromBytes(r.nextBytes(8)).
core::Uuid next_uuid(JavaRandom& random);

// msisdnValue(r) = "48" + (long)(r.nextDouble() * 1_000_000_000).
std::string next_msisdn(JavaRandom& random);

inline constexpr std::int64_t kGiB = 1LL << 30;
inline constexpr std::int64_t kMiB = 1LL << 20;
inline constexpr std::int64_t kSecondsPerRecord = 86400;
inline constexpr std::int64_t kAgreementIdSeed = 31423434;
inline constexpr std::int64_t kMsisdnSeed = 84744291;
inline constexpr const char* kReferenceZone = "Europe/Warsaw";

// START = 2020-01-01T00:00+01:00[Europe/Warsaw].
inline constexpr core::Instant kStart{1577833200, 0};
const date::time_zone& reference_zone();

// ZonedDateTime.plusMonths: the local date-time moved by `months` (the day clamped to the
// month's length), resolved in `zone` keeping the current offset when it is still valid.
core::Instant plus_months(const date::time_zone& zone, core::Instant t, int months);
// ZonedDateTime.plusDays, resolved the same way; `days` may be negative.
core::Instant plus_days(const date::time_zone& zone, core::Instant t, int days);

}  // namespace mobilecs::generator
