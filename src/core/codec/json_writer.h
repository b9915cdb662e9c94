#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mobilecs::core {

// Writes one compact JSON object with fields in the order they are added, escaping strings as
// RFC 8259 requires. Produced messages have a fixed field order (docs/formats.md §3) and some are
// written a million times a second, which a DOM library would make the bottleneck.
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string& out) : out_(out) { out_.push_back('{'); }

  JsonObjectWriter& field(std::string_view name, std::string_view value);
  JsonObjectWriter& field(std::string_view name, std::int64_t value);
  JsonObjectWriter& field(std::string_view name, int value) {
    return field(name, static_cast<std::int64_t>(value));
  }
  // Adds `name` whose value is the JSON text `raw_json`, already valid.
  JsonObjectWriter& raw_field(std::string_view name, std::string_view raw_json);
  void close() { out_.push_back('}'); }

 private:
  void name(std::string_view name);
  std::string& out_;
  bool first_ = true;
};

// Appends `value` as a JSON string literal, quotes included. `value` must be valid UTF-8.
void append_json_string(std::string& out, std::string_view value);

}  // namespace mobilecs::core
