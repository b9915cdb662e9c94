#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"

namespace mobilecs::auth {

// Static API tokens for machines (scripts, Prometheus, the backend calling the roles). Only a
// SHA-256 of each token is kept, so the tokens file (docs/security.md) gives nothing away when
// read: one token a line, `NAME SHA256-HEX SCOPE[,SCOPE...]`, `#` starting a comment.
class ApiTokens {
 public:
  struct Entry {
    std::string name;
    std::string sha256_hex;
    Scopes scopes;
  };

  // Reads a tokens file; throws std::runtime_error naming the file and line of a bad entry.
  void load_file(const std::filesystem::path& file);
  // A token given in clear (MOBILECS_API_TOKEN): every scope. Throws if it is too short.
  void add_plain(std::string name, std::string_view token, Scopes scopes);

  // The principal of `token`, if it is one of these.
  std::optional<Principal> find(std::string_view token) const;
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
};

// The SHA-256 of `token`, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view token);

// A new random token (256 bits): "mcs_" and 43 characters of URL-safe base64.
std::string new_api_token();

// The tokens file line of a token: `NAME SHA256-HEX SCOPES`.
std::string token_file_line(std::string_view name, std::string_view token, Scopes scopes);

// Names of tokens: letters, digits, '.', '_', '-', '@' (1 to 64).
bool valid_token_name(std::string_view name);

inline constexpr std::size_t kMinTokenLength = 16;

}  // namespace mobilecs::auth
