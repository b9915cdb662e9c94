#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mobilecs::core {

// A 128-bit UUID in network byte order, as java.util.UUID's most/least significant bits.
struct Uuid {
  std::array<std::uint8_t, 16> bytes{};

  friend constexpr auto operator<=>(const Uuid&, const Uuid&) = default;
  // Two 8-byte compares: the defaulted one calls memcmp, and matching a record to its window
  // compares ids once per record (5 % of the processing thread).
  friend constexpr bool operator==(const Uuid& a, const Uuid& b) {
    const auto x = std::bit_cast<std::array<std::uint64_t, 2>>(a.bytes);
    const auto y = std::bit_cast<std::array<std::uint64_t, 2>>(b.bytes);
    return x[0] == y[0] && x[1] == y[1];
  }

  // Reads the canonical 8-4-4-4-12 hexadecimal form (either case); nullopt otherwise.
  static std::optional<Uuid> parse(std::string_view text);

  // Writes the 36 lowercase characters of the canonical form.
  char* format(char* out) const;
  std::string to_string() const;

  // The halves as big-endian integers, so they compare as the bytes do: one load each (sorting
  // a step's records compares millions of ids).
  std::uint64_t high() const { return big_endian_at(0); }
  std::uint64_t low() const { return big_endian_at(8); }

 private:
  std::uint64_t big_endian_at(std::size_t at) const {
    std::uint64_t v;
    std::memcpy(&v, bytes.data() + at, sizeof v);
    if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
    return v;
  }
};

inline constexpr std::size_t kUuidTextLength = 36;

// UUID.nameUUIDFromBytes: version 3, the MD5 digest of `name`.
Uuid name_uuid_v3(std::string_view name);

// A version 5 (SHA-1) name-based UUID in `name_space` (RFC 4122 §4.3).
Uuid name_uuid_v5(const Uuid& name_space, std::string_view name);

}  // namespace mobilecs::core

template <>
struct std::hash<mobilecs::core::Uuid> {
  std::size_t operator()(const mobilecs::core::Uuid& u) const noexcept {
    return static_cast<std::size_t>(u.high() * 0x9E3779B97F4A7C15ULL ^ u.low());
  }
};
