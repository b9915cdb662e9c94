#include "auth/jwt_verifier.h"

#include <cjose/cjose.h>
#include <fmt/format.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace mobilecs::auth {
namespace {

using Json = nlohmann::json;
using Reason = JwtRejection::Reason;

struct KeyRelease {
  void operator()(cjose_jwk_t* key) const { cjose_jwk_release(key); }
};
struct JwsRelease {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};

// The key kind and (for EC) curve an algorithm needs; none for what is never accepted.
struct Algorithm {
  cjose_jwk_kty_t kty;
  int curve;  // for EC
};

std::optional<Algorithm> algorithm(std::string_view alg) {
  if (alg == "RS256" || alg == "RS384" || alg == "RS512" || alg == "PS256" || alg == "PS384" ||
      alg == "PS512") {
    return Algorithm{CJOSE_JWK_KTY_RSA, 0};
  }
  if (alg == "ES256") return Algorithm{CJOSE_JWK_KTY_EC, CJOSE_JWK_EC_P_256};
  if (alg == "ES384") return Algorithm{CJOSE_JWK_KTY_EC, CJOSE_JWK_EC_P_384};
  if (alg == "ES512") return Algorithm{CJOSE_JWK_KTY_EC, CJOSE_JWK_EC_P_521};
  return std::nullopt;  // none, HS*, anything unknown
}

JwtRejection reject(Reason reason, std::string message) { return {reason, std::move(message)}; }

bool audience_matches(const Json& aud, const std::vector<std::string>& wanted) {
  const auto one = [&](const Json& a) {
    return a.is_string() &&
           std::find(wanted.begin(), wanted.end(), a.get<std::string>()) != wanted.end();
  };
  if (aud.is_array()) return std::any_of(aud.begin(), aud.end(), one);
  return one(aud);
}

}  // namespace

struct JwtVerifier::KeySet {
  struct Key {
    std::string kid;
    std::unique_ptr<cjose_jwk_t, KeyRelease> jwk;
    cjose_jwk_kty_t kty;
    int curve;
  };
  std::vector<Key> keys;
};

JwtVerifier::JwtVerifier(JwtConfig config)
    : config_(std::move(config)), keys_(std::make_shared<KeySet>()) {}

JwtVerifier::~JwtVerifier() = default;

std::size_t JwtVerifier::set_keys(std::string_view jwks_json) {
  Json document;
  try {
    document = Json::parse(jwks_json);
  } catch (const Json::parse_error& e) {
    throw std::runtime_error(fmt::format("the JWKS is not valid JSON: {}", e.what()));
  }
  if (!document.is_object() || !document.contains("keys") || !document["keys"].is_array()) {
    throw std::runtime_error("the JWKS has no \"keys\" list");
  }
  auto set = std::make_shared<KeySet>();
  for (const Json& key : document["keys"]) {
    if (!key.is_object()) continue;
    if (key.contains("use") && key["use"] != "sig") continue;
    const std::string kty = key.value("kty", "");
    if (kty != "RSA" && kty != "EC") continue;  // never a shared secret
    const std::string text = key.dump();
    cjose_err err{};
    std::unique_ptr<cjose_jwk_t, KeyRelease> jwk(cjose_jwk_import(text.data(), text.size(), &err));
    if (!jwk) {
      throw std::runtime_error(fmt::format("the JWKS holds a key cjose cannot read ({}): {}",
                                           key.value("kid", "without kid"),
                                           err.message != nullptr ? err.message : "?"));
    }
    const cjose_jwk_kty_t type = cjose_jwk_get_kty(jwk.get(), &err);
    if (type == CJOSE_JWK_KTY_RSA && cjose_jwk_get_keysize(jwk.get(), &err) < 2048) continue;
    const int curve =
        type == CJOSE_JWK_KTY_EC ? static_cast<int>(cjose_jwk_EC_get_curve(jwk.get(), &err)) : 0;
    set->keys.push_back(KeySet::Key{key.value("kid", ""), std::move(jwk), type, curve});
  }
  if (set->keys.empty()) {
    throw std::runtime_error(
        "the JWKS has no signing key mobilecs accepts (RSA of 2048 bits or more, or EC P-256, "
        "P-384, P-521)");
  }
  const std::size_t count = set->keys.size();
  std::lock_guard lock(mutex_);
  keys_ = std::move(set);
  return count;
}

std::variant<Principal, JwtRejection> JwtVerifier::verify(std::string_view token,
                                                          std::int64_t now_seconds) const {
  cjose_err err{};
  std::unique_ptr<cjose_jws_t, JwsRelease> jws(cjose_jws_import(token.data(), token.size(), &err));
  if (!jws) return reject(Reason::kMalformed, "the token is not a JWT in compact form");
  cjose_header_t* header = cjose_jws_get_protected(jws.get());
  const char* alg_text =
      header != nullptr ? cjose_header_get(header, CJOSE_HDR_ALG, &err) : nullptr;
  const std::string alg = alg_text != nullptr ? alg_text : "";
  const auto wanted = algorithm(alg);
  if (!wanted) {
    return reject(
        Reason::kAlgorithm,
        fmt::format("the token's algorithm '{}' is not accepted (RS*, PS*, ES* only)", alg));
  }
  // RFC 7515 §4.1.11: extensions a verifier must understand; mobilecs understands none.
  if (char* crit = cjose_header_get_raw(header, "crit", &err); crit != nullptr) {
    std::free(crit);
    return reject(Reason::kMalformed, "the token has critical header parameters");
  }
  const char* kid_text = cjose_header_get(header, CJOSE_HDR_KID, &err);
  const std::string kid = kid_text != nullptr ? kid_text : "";

  std::shared_ptr<const KeySet> keys;
  {
    std::lock_guard lock(mutex_);
    keys = keys_;
  }
  bool candidate = false;
  bool verified = false;
  for (const KeySet::Key& key : keys->keys) {
    if (!kid.empty() && key.kid != kid) continue;
    if (key.kty != wanted->kty || (key.kty == CJOSE_JWK_KTY_EC && key.curve != wanted->curve)) {
      continue;
    }
    candidate = true;
    if (cjose_jws_verify(jws.get(), key.jwk.get(), &err)) {
      verified = true;
      break;
    }
  }
  if (!candidate) {
    return reject(Reason::kUnknownKey,
                  kid.empty() ? "no key of the identity provider fits the token"
                              : fmt::format("the token's key '{}' is not one of the identity "
                                            "provider's",
                                            kid));
  }
  if (!verified) return reject(Reason::kSignature, "the token's signature does not verify");

  std::uint8_t* payload = nullptr;
  std::size_t payload_length = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &payload, &payload_length, &err)) {
    return reject(Reason::kMalformed, "the token has no payload");
  }
  Json claims;
  try {
    claims = Json::parse(std::string_view(reinterpret_cast<const char*>(payload), payload_length));
  } catch (const Json::parse_error&) {
    return reject(Reason::kMalformed, "the token's claims are not JSON");
  }
  if (!claims.is_object())
    return reject(Reason::kMalformed, "the token's claims are not an object");

  // A NumericDate, in seconds; out of any sane range it is refused rather than converted.
  const auto number = [&](const char* name) -> std::optional<std::int64_t> {
    const auto it = claims.find(name);
    if (it == claims.end() || !it->is_number()) return std::nullopt;
    const double value = it->get<double>();
    if (!(value > -1e15 && value < 1e15)) return std::nullopt;
    return static_cast<std::int64_t>(value);
  };
  const std::int64_t leeway = config_.leeway.count();
  const auto exp = number("exp");
  if (!exp) return reject(Reason::kMalformed, "the token has no expiry (exp)");
  if (now_seconds > *exp + leeway) return reject(Reason::kExpired, "the token has expired");
  if (claims.contains("nbf")) {
    const auto nbf = number("nbf");
    if (!nbf) return reject(Reason::kMalformed, "the token's nbf is not a date");
    if (now_seconds + leeway < *nbf) {
      return reject(Reason::kNotYetValid, "the token is not valid yet (nbf)");
    }
  }
  if (claims.value("iss", Json()) != config_.issuer) {
    return reject(Reason::kIssuer,
                  "the token was not issued by the identity provider mobilecs trusts");
  }
  if (!claims.contains("aud") || !audience_matches(claims["aud"], config_.audiences)) {
    return reject(Reason::kAudience, "the token is not meant for mobilecs (aud)");
  }
  Principal principal;
  principal.kind = Principal::Kind::kJwt;
  // `sub`, or for a client-credentials token without one, `client_id`: strings only (the
  // claims are the identity provider's, not mobilecs', to type).
  const auto text_claim = [&](const char* name) -> std::optional<std::string> {
    const auto it = claims.find(name);
    if (it == claims.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  principal.subject = text_claim("sub").value_or(text_claim("client_id").value_or("unknown"));
  if (const auto scope = claims.find("scope"); scope != claims.end() && scope->is_string()) {
    principal.scopes = Scopes::parse_list(scope->get<std::string>());
  } else if (const auto scp = claims.find("scp"); scp != claims.end()) {
    if (scp->is_string()) principal.scopes = Scopes::parse_list(scp->get<std::string>());
    if (scp->is_array()) {
      for (const Json& s : *scp) {
        if (!s.is_string()) continue;
        if (const auto parsed = parse_scope(s.get<std::string>())) principal.scopes.add(*parsed);
      }
    }
  }
  return principal;
}

}  // namespace mobilecs::auth
