#pragma once

namespace mobilecs::rocks {

// The column families of the embedded store, each a key space of its own.
enum class Family { kMeta, kState, kDataRecords, kAgreements, kOutbox, kAgreementsByMsisdn };
inline constexpr int kFamilyCount = 6;

}  // namespace mobilecs::rocks
