#pragma once

#include <string>

namespace mobilecs::core {

// A sum of recordedBytes, exact whatever it adds up: 128 bits hold 2^64 records of 2^63 bytes.
using ByteTotal = __int128;

inline constexpr ByteTotal kMaxNotifiableTotal = 0x7fff'ffff'ffff'ffffLL;  // a Java long

inline std::string to_string(ByteTotal value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  unsigned __int128 v =
      negative ? -static_cast<unsigned __int128>(value) : static_cast<unsigned __int128>(value);
  std::string out;
  while (v > 0) {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return negative ? "-" + out : out;
}

}  // namespace mobilecs::core
