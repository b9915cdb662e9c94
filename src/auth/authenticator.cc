#include "auth/authenticator.h"

#include <algorithm>
#include <chrono>

namespace mobilecs::auth {
namespace {

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

bool looks_like_jwt(std::string_view token) {
  return token.starts_with("eyJ") && std::count(token.begin(), token.end(), '.') == 2;
}

std::variant<Principal, AuthFailure> Authenticator::authenticate(
    std::string_view authorization) const {
  if (authorization.empty()) {
    if (allow_anonymous_) return Principal{Principal::Kind::kAnonymous, "anonymous", Scopes::all()};
    return AuthFailure{"this needs a credential: send Authorization: Bearer <token>", ""};
  }
  const auto space = authorization.find(' ');
  if (space == std::string_view::npos || !iequals(authorization.substr(0, space), "Bearer")) {
    return AuthFailure{"the Authorization header must be: Bearer <token>", "invalid_request"};
  }
  std::string_view token = authorization.substr(space + 1);
  while (token.starts_with(' ')) token.remove_prefix(1);
  while (token.ends_with(' ')) token.remove_suffix(1);
  if (token.empty()) {
    return AuthFailure{"the Authorization header holds no token", "invalid_request"};
  }
  if (jwt_ && looks_like_jwt(token)) {
    auto result = jwt_->verify(token, now_seconds());
    if (auto* rejection = std::get_if<JwtRejection>(&result);
        rejection != nullptr && rejection->reason == JwtRejection::Reason::kUnknownKey &&
        refresh_keys_ && refresh_keys_()) {
      result = jwt_->verify(token, now_seconds());
    }
    if (auto* principal = std::get_if<Principal>(&result)) return std::move(*principal);
    return AuthFailure{std::get<JwtRejection>(result).message, "invalid_token"};
  }
  if (auto principal = tokens_.find(token)) return std::move(*principal);
  return AuthFailure{"the token is not valid", "invalid_token"};
}

}  // namespace mobilecs::auth
