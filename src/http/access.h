#pragma once

#include <optional>

#include "auth/scope.h"

namespace mobilecs::http {

// Who may call a route (docs/security.md). Every route says it when it is added.
class Access {
 public:
  // No credential: health and readiness probes, and the static files of the console and of
  // GraphiQL (they hold no data; the pages ask for a token before they read any).
  static constexpr Access anyone() { return Access(Kind::kAnyone, auth::Scope::kAdmin); }
  // Any valid credential; the handler checks what it allows (GraphQL, field by field).
  static constexpr Access authenticated() {
    return Access(Kind::kAuthenticated, auth::Scope::kAdmin);
  }
  // A valid credential holding `scope`.
  static constexpr Access needs(auth::Scope scope) { return Access(Kind::kScope, scope); }

  constexpr bool is_public() const { return kind_ == Kind::kAnyone; }
  constexpr std::optional<auth::Scope> scope() const {
    return kind_ == Kind::kScope ? std::optional(scope_) : std::nullopt;
  }

 private:
  enum class Kind { kAnyone, kAuthenticated, kScope };
  constexpr Access(Kind kind, auth::Scope scope) : kind_(kind), scope_(scope) {}
  Kind kind_;
  auth::Scope scope_;
};

}  // namespace mobilecs::http
