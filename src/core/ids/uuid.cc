#include "core/ids/uuid.h"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace mobilecs::core {
namespace {

// Hex digit values, -1 for anything else: parsing ids is on the hot path of every record.
constexpr std::array<std::int8_t, 256> kHexValues = [] {
  std::array<std::int8_t, 256> values{};
  values.fill(-1);
  for (int c = '0'; c <= '9'; ++c) values[c] = static_cast<std::int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) values[c] = static_cast<std::int8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) values[c] = static_cast<std::int8_t>(c - 'A' + 10);
  return values;
}();

int hex_value(char c) { return kHexValues[static_cast<unsigned char>(c)]; }

// A digest context per thread and algorithm: EVP_Digest would allocate one per call, and the
// generator hashes millions of ids.
class Digester {
 public:
  explicit Digester(const char* algorithm)
      : md_(EVP_MD_fetch(nullptr, algorithm, nullptr)), ctx_(EVP_MD_CTX_new()) {
    if (md_ == nullptr || ctx_ == nullptr) {
      throw std::runtime_error(std::string("OpenSSL has no ") + algorithm);
    }
  }
  ~Digester() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  Digester(const Digester&) = delete;
  Digester& operator=(const Digester&) = delete;

  void digest(std::string_view a, std::string_view b, unsigned char* out) {
    unsigned int length = 0;
    if (EVP_DigestInit_ex2(ctx_, md_, nullptr) != 1 ||
        EVP_DigestUpdate(ctx_, a.data(), a.size()) != 1 ||
        EVP_DigestUpdate(ctx_, b.data(), b.size()) != 1 ||
        EVP_DigestFinal_ex(ctx_, out, &length) != 1) {
      throw std::runtime_error("OpenSSL digest failed");
    }
  }

 private:
  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
};

Uuid from_digest(const unsigned char* digest, std::uint8_t version) {
  Uuid uuid;
  std::memcpy(uuid.bytes.data(), digest, 16);
  uuid.bytes[6] = static_cast<std::uint8_t>((uuid.bytes[6] & 0x0f) | (version << 4));
  uuid.bytes[8] = static_cast<std::uint8_t>((uuid.bytes[8] & 0x3f) | 0x80);
  return uuid;
}

}  // namespace

std::optional<Uuid> Uuid::parse(std::string_view text) {
  if (text.size() != kUuidTextLength || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
      text[23] != '-') {
    return std::nullopt;
  }
  Uuid uuid;
  std::size_t i = 0;
  for (auto& byte : uuid.bytes) {
    if (text[i] == '-') {
      ++i;
    }
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    byte = static_cast<std::uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return uuid;
}

char* Uuid::format(char* out) const {
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      *out++ = '-';
    }
    *out++ = kHex[bytes[i] >> 4];
    *out++ = kHex[bytes[i] & 0x0f];
  }
  return out;
}

std::string Uuid::to_string() const {
  std::string text(kUuidTextLength, '\0');
  format(text.data());
  return text;
}

Uuid name_uuid_v3(std::string_view name) {
  thread_local Digester md5("MD5");
  unsigned char digest[EVP_MAX_MD_SIZE];
  md5.digest(name, {}, digest);
  return from_digest(digest, 3);
}

Uuid name_uuid_v5(const Uuid& name_space, std::string_view name) {
  thread_local Digester sha1("SHA1");
  unsigned char digest[EVP_MAX_MD_SIZE];
  sha1.digest(std::string_view(reinterpret_cast<const char*>(name_space.bytes.data()), 16), name,
              digest);
  return from_digest(digest, 5);
}

}  // namespace mobilecs::core
