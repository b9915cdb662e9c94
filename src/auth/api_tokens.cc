#include "auth/api_tokens.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/random.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>

namespace mobilecs::auth {
namespace {

bool is_hex64(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](unsigned char c) {
           return std::isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  while (true) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) break;
    line.remove_prefix(start);
    const auto end = line.find_first_of(" \t");
    out.push_back(line.substr(0, end));
    if (end == std::string_view::npos) break;
    line.remove_prefix(end);
  }
  return out;
}

}  // namespace

bool valid_token_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '@';
         });
}

std::string sha256_hex(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL cannot compute SHA-256");
  }
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

std::string new_api_token() {
  unsigned char random[32];
  if (::getrandom(random, sizeof random, 0) != sizeof random) {
    throw std::runtime_error("no randomness from the kernel for a new token");
  }
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token = "mcs_";
  std::uint32_t bits = 0;
  int held = 0;
  for (const unsigned char byte : random) {
    bits = (bits << 8) | byte;
    held += 8;
    while (held >= 6) {
      held -= 6;
      token += kAlphabet[(bits >> held) & 63];
    }
  }
  if (held > 0) token += kAlphabet[(bits << (6 - held)) & 63];
  return token;
}

std::string token_file_line(std::string_view name, std::string_view token, Scopes scopes) {
  std::string list = scopes.to_string();
  std::replace(list.begin(), list.end(), ' ', ',');
  return fmt::format("{} {} {}", name, sha256_hex(token), list);
}

void ApiTokens::load_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw std::runtime_error(fmt::format(
        "cannot read the API tokens file {} (check the path and its permissions)", file.string()));
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto hash = line.find('#');
    const auto parts = fields(std::string_view(line).substr(0, hash));
    if (parts.empty()) continue;
    const auto bad = [&](const std::string& why) {
      return std::runtime_error(fmt::format(
          "{}:{}: {} (a line is NAME SHA256-HEX SCOPE[,SCOPE...]; `mobilecs api-token create` "
          "writes one)",
          file.string(), number, why));
    };
    if (parts.size() != 3) throw bad("expected three fields");
    if (!valid_token_name(parts[0])) throw bad("the name may hold letters, digits, . _ - @");
    if (!is_hex64(parts[1])) throw bad("the second field is not a SHA-256 in lowercase hex");
    const Scopes scopes = Scopes::parse_list(parts[2]);
    std::string_view rest = parts[2];
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      if (!parse_scope(rest.substr(0, comma))) {
        throw bad(fmt::format("unknown scope '{}' (usage:read, usage:write, admin)",
                              rest.substr(0, comma)));
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    entries_.push_back(Entry{std::string(parts[0]), std::string(parts[1]), scopes});
  }
}

void ApiTokens::add_plain(std::string name, std::string_view token, Scopes scopes) {
  if (token.size() < kMinTokenLength) {
    throw std::runtime_error(fmt::format(
        "the API token of {} is shorter than {} characters: too easy to guess (make one with "
        "`mobilecs api-token create`)",
        name, kMinTokenLength));
  }
  entries_.push_back(Entry{std::move(name), sha256_hex(token), scopes});
}

std::optional<Principal> ApiTokens::find(std::string_view token) const {
  const std::string hash = sha256_hex(token);
  const Entry* found = nullptr;
  for (const Entry& e : entries_) {
    // Every entry is compared, in constant time: how long this takes tells nothing.
    if (CRYPTO_memcmp(e.sha256_hex.data(), hash.data(), hash.size()) == 0 && found == nullptr) {
      found = &e;
    }
  }
  if (found == nullptr) return std::nullopt;
  return Principal{Principal::Kind::kApiToken, found->name, found->scopes};
}

}  // namespace mobilecs::auth
