#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace mobilecs::core {

// An MSISDN (E.164: 1 to 15 decimal digits) packed into 64 bits, digits and length together so
// that "048" and "48" stay distinct. State is keyed by it: hashing and storing 8 bytes beats
// a string on the hot path.
class MsisdnKey {
 public:
  static constexpr std::size_t kMaxDigits = 15;

  // nullopt unless `text` is 1 to 15 ASCII digits.
  static std::optional<MsisdnKey> parse(std::string_view text);
  // The same, with `problem` saying what is wrong (naming the text) when it is nullopt: the one
  // wording of this error wherever an MSISDN comes in.
  static std::optional<MsisdnKey> parse(std::string_view text, std::string& problem);
  static constexpr MsisdnKey from_packed(std::uint64_t packed) { return MsisdnKey(packed); }

  std::uint64_t packed() const { return packed_; }
  std::string to_string() const;

  friend constexpr bool operator==(MsisdnKey, MsisdnKey) = default;
  friend constexpr auto operator<=>(MsisdnKey, MsisdnKey) = default;
  template <class H>
  friend H AbslHashValue(H h, MsisdnKey k) {
    return H::combine(std::move(h), k.packed_);
  }

 private:
  constexpr explicit MsisdnKey(std::uint64_t packed) : packed_(packed) {}
  std::uint64_t packed_;  // value * 16 + digit count
};

}  // namespace mobilecs::core

template <>
struct std::hash<mobilecs::core::MsisdnKey> {
  std::size_t operator()(mobilecs::core::MsisdnKey k) const noexcept {
    return static_cast<std::size_t>(k.packed() * 0x9E3779B97F4A7C15ULL >> 7);
  }
};
