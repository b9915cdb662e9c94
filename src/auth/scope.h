#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mobilecs::auth {

// What a credential allows (docs/security.md): reading usage data, changing it, and running the
// pipeline's tools (generate endpoints, pipeline state, status, metrics, the audit trail).
enum class Scope : std::uint8_t { kUsageRead = 1, kUsageWrite = 2, kAdmin = 4 };

std::string_view to_string(Scope scope);
std::optional<Scope> parse_scope(std::string_view text);

// A set of scopes.
class Scopes {
 public:
  constexpr Scopes() = default;
  static constexpr Scopes all() { return Scopes(7); }

  constexpr bool has(Scope s) const { return (bits_ & static_cast<std::uint8_t>(s)) != 0; }
  constexpr void add(Scope s) { bits_ |= static_cast<std::uint8_t>(s); }
  constexpr bool empty() const { return bits_ == 0; }
  friend constexpr bool operator==(Scopes, Scopes) = default;

  // "usage:read usage:write", in a fixed order.
  std::string to_string() const;
  // The scopes named in `text`, separated by spaces or commas; names mobilecs does not know are
  // ignored (an identity provider's token carries scopes of other services too).
  static Scopes parse_list(std::string_view text);

 private:
  explicit constexpr Scopes(std::uint8_t bits) : bits_(bits) {}
  std::uint8_t bits_ = 0;
};

}  // namespace mobilecs::auth
