#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/ids/uuid.h"

namespace mobilecs::core {

// Big-endian fixed-width encoding for state keys and values: keys sort as their numbers do.
class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}

  template <class T>
  ByteWriter& integer(T value) {
    auto v = static_cast<std::make_unsigned_t<T>>(value);
    for (int shift = (sizeof(T) - 1) * 8; shift >= 0; shift -= 8) {
      out_.push_back(static_cast<char>((v >> shift) & 0xff));
    }
    return *this;
  }
  ByteWriter& uuid(const Uuid& u) {
    out_.append(reinterpret_cast<const char*>(u.bytes.data()), u.bytes.size());
    return *this;
  }
  ByteWriter& short_string(std::string_view s) {
    integer<std::uint8_t>(static_cast<std::uint8_t>(s.size()));
    out_.append(s.substr(0, 255));
    return *this;
  }

 private:
  std::string& out_;
};

// Reads what ByteWriter wrote; throws std::runtime_error naming `what` on truncated input.
class ByteReader {
 public:
  ByteReader(std::string_view in, const char* what) : in_(in), what_(what) {}

  template <class T>
  T integer() {
    need(sizeof(T));
    std::make_unsigned_t<T> v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
      v = static_cast<std::make_unsigned_t<T>>(v << 8 | static_cast<std::uint8_t>(in_[pos_ + i]));
    }
    pos_ += sizeof(T);
    return static_cast<T>(v);
  }
  Uuid uuid() {
    need(16);
    Uuid u;
    std::memcpy(u.bytes.data(), in_.data() + pos_, 16);
    pos_ += 16;
    return u;
  }
  std::string_view short_string() {
    const std::size_t size = integer<std::uint8_t>();
    need(size);
    const std::string_view s = in_.substr(pos_, size);
    pos_ += size;
    return s;
  }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  void need(std::size_t n) const {
    if (pos_ + n > in_.size()) {
      throw std::runtime_error(std::string("corrupt ") + what_ + ": ends early");
    }
  }
  std::string_view in_;
  const char* what_;
  std::size_t pos_ = 0;
};

}  // namespace mobilecs::core
