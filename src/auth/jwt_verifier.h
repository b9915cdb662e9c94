#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "auth/principal.h"

namespace mobilecs::auth {

// What a JWT must say to be accepted (an OAuth2 resource server's checks of RFC 7519).
struct JwtConfig {
  std::string issuer;                  // `iss` must equal it
  std::vector<std::string> audiences;  // `aud` must hold one of them
  std::chrono::seconds leeway{60};     // clock skew allowed on `exp` and `nbf`
};

// Why a JWT was not accepted.
struct JwtRejection {
  enum class Reason {
    kMalformed,
    kAlgorithm,   // not RS*/PS*/ES* (so never `none`, never HMAC), or not the key's kind
    kUnknownKey,  // no key of the JWKS matches its `kid`
    kSignature,
    kExpired,
    kNotYetValid,
    kIssuer,
    kAudience,
  };
  Reason reason;
  std::string message;  // for the client: says what is wrong, never what would be right
};

// Checks JWTs issued by the operator's identity provider against its keys (a JWKS document),
// with cjose: only asymmetric signatures (RS256/384/512, PS256/384/512, ES256/384/512) by a
// key of the matching kind and size, then `iss`, `aud`, `exp` and `nbf`. The principal's
// subject is `sub`, its scopes those of `scope` (space separated) or `scp` (a list).
// Thread-safe; set_keys may replace the keys while tokens are being checked.
class JwtVerifier {
 public:
  explicit JwtVerifier(JwtConfig config);
  ~JwtVerifier();

  // Replaces the keys with the signing keys of a JWKS document ({"keys":[...]}); keys of other
  // kinds (symmetric "oct" keys, encryption keys) are left out. Throws std::runtime_error saying
  // what is wrong if the document has no usable key. Returns how many keys it took.
  std::size_t set_keys(std::string_view jwks_json);

  std::variant<Principal, JwtRejection> verify(std::string_view token,
                                               std::int64_t now_seconds) const;

 private:
  struct KeySet;
  JwtConfig config_;
  mutable std::mutex mutex_;
  std::shared_ptr<const KeySet> keys_;
};

}  // namespace mobilecs::auth
