#pragma once

namespace mobilecs::rocks {

// The column families of the embedded store, each a key space of its own.
enum class Family { kMeta, kState, kDataRecords, kAgreements, kOutbox };
inline constexpr int kFamilyCount = 5;

}  // namespace mobilecs::rocks
