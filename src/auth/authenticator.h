#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "auth/api_tokens.h"
#include "auth/jwt_verifier.h"
#include "auth/principal.h"

namespace mobilecs::auth {

// Why a request was not authenticated: a 401 with this message, and the `error` of its
// `WWW-Authenticate: Bearer` header (RFC 6750).
struct AuthFailure {
  std::string message;
  const char* bearer_error;  // "invalid_request" or "invalid_token"; empty when no credential
};

// Who a request's `Authorization: Bearer <token>` says it comes from: a static API token or a
// JWT of the operator's identity provider. Thread-safe once configured.
class Authenticator {
 public:
  Authenticator() = default;
  Authenticator(ApiTokens tokens, std::shared_ptr<JwtVerifier> jwt, bool allow_anonymous)
      : tokens_(std::move(tokens)), jwt_(std::move(jwt)), allow_anonymous_(allow_anonymous) {}

  // Whether any credential would be accepted (false: nothing can pass but anonymous access).
  bool has_credentials() const { return !tokens_.empty() || jwt_ != nullptr; }
  bool allows_anonymous() const { return allow_anonymous_; }

  // Called once for a JWT signed by a key not (yet) in the JWKS, before it is refused: a
  // refresh of the keys from their URL (rate-limited by the caller). True if the keys changed.
  void on_unknown_key(std::function<bool()> refresh) { refresh_keys_ = std::move(refresh); }

  // `authorization` is the request's Authorization header, empty if it has none.
  std::variant<Principal, AuthFailure> authenticate(std::string_view authorization) const;

 private:
  ApiTokens tokens_;
  std::shared_ptr<JwtVerifier> jwt_;
  bool allow_anonymous_ = false;
  std::function<bool()> refresh_keys_;
};

// A JWT in compact form: three base64url parts, the first a JSON object ("eyJ").
bool looks_like_jwt(std::string_view token);

}  // namespace mobilecs::auth
