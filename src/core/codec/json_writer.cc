#include "core/codec/json_writer.h"

#include <fmt/format.h>

namespace mobilecs::core {

void append_json_string(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    out.append(value.substr(plain_from, i - plain_from));
    plain_from = i + 1;
    out.push_back('\\');
    switch (c) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '\n':
        out.push_back('n');
        break;
      case '\r':
        out.push_back('r');
        break;
      case '\t':
        out.push_back('t');
        break;
      case '\b':
        out.push_back('b');
        break;
      case '\f':
        out.push_back('f');
        break;
      default:
        out.append("u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0x0f]);
    }
  }
  out.append(value.substr(plain_from));
  out.push_back('"');
}

void JsonObjectWriter::name(std::string_view name) {
  if (!first_) {
    out_.push_back(',');
  }
  first_ = false;
  append_json_string(out_, name);
  out_.push_back(':');
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, std::string_view value) {
  this->name(name);
  append_json_string(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, std::int64_t value) {
  this->name(name);
  fmt::format_to(std::back_inserter(out_), "{}", value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::raw_field(std::string_view name, std::string_view raw_json) {
  this->name(name);
  out_.append(raw_json);
  return *this;
}

}  // namespace mobilecs::core
