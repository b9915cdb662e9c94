#include "auth/scope.h"

#include <array>

namespace mobilecs::auth {
namespace {

constexpr std::array kScopes{Scope::kUsageRead, Scope::kUsageWrite, Scope::kAdmin};

}  // namespace

std::string_view to_string(Scope scope) {
  switch (scope) {
    case Scope::kUsageRead:
      return "usage:read";
    case Scope::kUsageWrite:
      return "usage:write";
    case Scope::kAdmin:
      return "admin";
  }
  return "?";
}

std::optional<Scope> parse_scope(std::string_view text) {
  for (const Scope s : kScopes) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::string Scopes::to_string() const {
  std::string out;
  for (const Scope s : kScopes) {
    if (!has(s)) continue;
    if (!out.empty()) out += ' ';
    out += auth::to_string(s);
  }
  return out;
}

Scopes Scopes::parse_list(std::string_view text) {
  Scopes scopes;
  while (!text.empty()) {
    const auto end = text.find_first_of(" ,");
    if (const auto s = parse_scope(text.substr(0, end))) scopes.add(*s);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return scopes;
}

}  // namespace mobilecs::auth
