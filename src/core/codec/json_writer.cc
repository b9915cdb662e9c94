#include "core/codec/json_writer.h"

#include <charconv>
#include <cstring>

namespace mobilecs::core {
namespace {

// Where the first character JSON must escape (a control character, '"' or '\') is in `text`,
// or its size. Eight bytes at a time: most text needs no escaping at all.
std::size_t first_to_escape(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHighs = 0x8080808080808080;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    // Some high bit is set if and only if some byte is below 0x20, '"' or '\': the lowest
    // such byte sets its own (a borrow may flag bytes above it too, which the scan below sorts
    // out); bytes of 0x80 and above never start a borrow and are masked by `& ~word`.
    const std::uint64_t control = word - kOnes * 0x20;
    const std::uint64_t quote = (word ^ (kOnes * '"')) - kOnes;
    const std::uint64_t backslash = (word ^ (kOnes * '\\')) - kOnes;
    if (((control | quote | backslash) & ~word & kHighs) != 0) break;
  }
  for (; i < text.size(); ++i) {
    if (needs_json_escape(static_cast<unsigned char>(text[i]))) return i;
  }
  return text.size();
}

void append_escaped(std::string& out, unsigned char c) {
  // The characters with a short escape, and the letter of each.
  static constexpr std::string_view kShort("\"\\\n\r\t\b\f");
  static constexpr std::string_view kLetters("\"\\nrtbf");
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('\\');
  if (const std::size_t at = kShort.find(static_cast<char>(c)); at != std::string_view::npos) {
    out.push_back(kLetters[at]);
  } else {
    const char code[] = {'u', '0', '0', kHex[c >> 4], kHex[c & 0x0f]};
    out.append(code, sizeof code);
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view value) {
  out.push_back('"');
  for (;;) {
    const std::size_t clean = first_to_escape(value);
    out.append(value.substr(0, clean));
    if (clean == value.size()) break;
    append_escaped(out, static_cast<unsigned char>(value[clean]));
    value.remove_prefix(clean + 1);
  }
  out.push_back('"');
}

void JsonObjectWriter::name(FieldName name) {
  if (!first_) out_.push_back(',');
  first_ = false;
  out_.push_back('"');
  out_.append(name.text());
  out_.append("\":");
}

JsonObjectWriter& JsonObjectWriter::field(FieldName name, std::string_view value) {
  this->name(name);
  append_json_string(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(FieldName name, std::int64_t value) {
  this->name(name);
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out_.append(digits, end);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::raw_field(FieldName name, std::string_view raw_json) {
  this->name(name);
  out_.append(raw_json);
  return *this;
}

}  // namespace mobilecs::core
