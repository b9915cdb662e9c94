#pragma once

#include <cjose/cjose.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace mobilecs::testing {

// A stand-in for the operator's identity provider in tests: its own signing keys (RSA, EC),
// the JWKS document a resource server reads, and JWTs signed with them (cjose).
class IdentityProvider {
 public:
  using Json = nlohmann::json;
  static constexpr const char* kIssuer = "https://idp.test.example";
  static constexpr const char* kAudience = "mobilecs";

  // `generation` names its keys' kids (rsa-N, ec-N): a new generation is a key rotation.
  explicit IdentityProvider(int generation = 1)
      : rsa_kid_("rsa-" + std::to_string(generation)), ec_kid_("ec-" + std::to_string(generation)) {
    static const std::uint8_t e[] = {1, 0, 1};
    rsa_.reset(cjose_jwk_create_RSA_random(2048, e, sizeof e, nullptr));
    ec_.reset(cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, nullptr));
    if (!rsa_ || !ec_) throw std::runtime_error("cjose cannot make test keys");
    cjose_jwk_set_kid(rsa_.get(), rsa_kid_.data(), rsa_kid_.size(), nullptr);
    cjose_jwk_set_kid(ec_.get(), ec_kid_.data(), ec_kid_.size(), nullptr);
  }

  // The public keys, as a JWKS document.
  std::string jwks() const {
    Json keys = Json::array();
    for (const cjose_jwk_t* key : {rsa_.get(), ec_.get()}) keys.push_back(public_json(key));
    return Json{{"keys", keys}}.dump();
  }

  // Claims valid now for mobilecs, with `scope`.
  static Json claims(const std::string& scope, const std::string& subject = "alice") {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    return Json{{"iss", kIssuer}, {"aud", kAudience}, {"sub", subject},
                {"iat", now},     {"exp", now + 600}, {"scope", scope}};
  }

  // `claims` signed with RS256 (or ES256 with `ec`), kid in the header, and the members of
  // `extra_header` (a JSON object) too.
  std::string sign(const Json& claims, bool ec = false,
                   const std::string& extra_header = "{}") const {
    return sign_with(ec ? ec_.get() : rsa_.get(), ec ? "ES256" : "RS256",
                     (ec ? ec_kid_ : rsa_kid_).c_str(), claims, extra_header);
  }

  // An HS256 token whose secret is the RSA public key's JSON: what an "algorithm confusion"
  // attack sends to a verifier that takes the header's word for the algorithm.
  std::string sign_hmac_with_public_key(const Json& claims) const {
    const std::string secret = public_json(rsa_.get()).dump();
    std::unique_ptr<cjose_jwk_t, Release> oct(cjose_jwk_create_oct_spec(
        reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size(), nullptr));
    return sign_with(oct.get(), "HS256", rsa_kid_.c_str(), claims);
  }

  // An unsigned token (`alg: none`).
  static std::string unsigned_token(const Json& claims) {
    return base64url(R"({"alg":"none","typ":"JWT"})") + "." + base64url(claims.dump()) + ".";
  }

  static std::string base64url(const std::string& text) {
    char* out = nullptr;
    std::size_t length = 0;
    cjose_base64url_encode(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), &out,
                           &length, nullptr);
    std::string result(out, length);
    free(out);
    return result;
  }

 private:
  struct Release {
    void operator()(cjose_jwk_t* k) const { cjose_jwk_release(k); }
  };

  static Json public_json(const cjose_jwk_t* key) {
    char* text = cjose_jwk_to_json(key, false, nullptr);
    Json json = Json::parse(text);
    free(text);
    json["use"] = "sig";
    return json;
  }

  static std::string sign_with(const cjose_jwk_t* key, const char* alg, const char* kid,
                               const Json& claims, const std::string& extra_header = "{}") {
    cjose_header_t* header = cjose_header_new(nullptr);
    cjose_header_set(header, CJOSE_HDR_ALG, alg, nullptr);
    cjose_header_set(header, CJOSE_HDR_KID, kid, nullptr);
    const Json extra = Json::parse(extra_header);
    for (auto it = extra.begin(); it != extra.end(); ++it) {
      cjose_header_set_raw(header, it.key().c_str(), it.value().dump().c_str(), nullptr);
    }
    const std::string payload = claims.dump();
    cjose_err err{};
    cjose_jws_t* jws = cjose_jws_sign(
        key, header, reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size(), &err);
    cjose_header_release(header);
    if (jws == nullptr) throw std::runtime_error(std::string("cjose cannot sign: ") + err.message);
    const char* compact = nullptr;
    cjose_jws_export(jws, &compact, nullptr);
    std::string token(compact);
    cjose_jws_release(jws);
    return token;
  }

  std::string rsa_kid_;
  std::string ec_kid_;
  std::unique_ptr<cjose_jwk_t, Release> rsa_;
  std::unique_ptr<cjose_jwk_t, Release> ec_;
};

}  // namespace mobilecs::testing
