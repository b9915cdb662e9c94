#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mobilecs::core {

// Whether JSON must escape `c` inside a string (RFC 8259): control characters, '"' and '\'.
constexpr bool needs_json_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// The name of a field of a produced format: a string literal, checked when compiled to need no
// escaping, so it is written as it is.
class FieldName {
 public:
  template <std::size_t N>
  consteval FieldName(const char (&name)[N])  // NOLINT: implicit, as literals are passed
      : text_(name, N - 1) {
    for (const char c : text_) {
      if (needs_json_escape(static_cast<unsigned char>(c))) {
        throw "a JSON field name must not need escaping";  // fails the compilation
      }
    }
  }
  constexpr std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

// Writes one compact JSON object with fields in the order they are added, escaping strings as
// RFC 8259 requires. Produced messages have a fixed field order (docs/formats.md §3) and some are
// written a million times a second, which a DOM library would make the bottleneck.
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string& out) : out_(out) { out_.push_back('{'); }

  JsonObjectWriter& field(FieldName name, std::string_view value);
  JsonObjectWriter& field(FieldName name, std::int64_t value);
  JsonObjectWriter& field(FieldName name, int value) {
    return field(name, static_cast<std::int64_t>(value));
  }
  // Adds `name` whose value is the JSON text `raw_json`, already valid.
  JsonObjectWriter& raw_field(FieldName name, std::string_view raw_json);
  void close() { out_.push_back('}'); }

 private:
  void name(FieldName name);
  std::string& out_;
  bool first_ = true;
};

// Appends `value` as a JSON string literal, quotes included. `value` must be valid UTF-8.
void append_json_string(std::string& out, std::string_view value);

}  // namespace mobilecs::core
