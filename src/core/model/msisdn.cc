#include "core/model/msisdn.h"

#include <fmt/format.h>

namespace mobilecs::core {

std::optional<MsisdnKey> MsisdnKey::parse(std::string_view text) {
  if (text.empty() || text.size() > kMaxDigits) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return MsisdnKey(value << 4 | text.size());
}

std::optional<MsisdnKey> MsisdnKey::parse(std::string_view text, std::string& problem) {
  auto key = parse(text);
  if (!key) problem = fmt::format("msisdn '{}' is not 1 to {} decimal digits", text, kMaxDigits);
  return key;
}

std::string MsisdnKey::to_string() const {
  const std::size_t digits = packed_ & 0x0f;
  std::string text(digits, '0');
  std::uint64_t value = packed_ >> 4;
  for (std::size_t i = digits; i-- > 0;) {
    text[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return text;
}

}  // namespace mobilecs::core
