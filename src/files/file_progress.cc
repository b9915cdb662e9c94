#include "files/file_progress.h"

#include <stdexcept>

#include "core/processing/byte_codec.h"

namespace mobilecs::files {

namespace {
constexpr std::uint8_t kLayoutVersion = 1;
constexpr std::uint8_t kLayoutWithRefused = 2;  // version 1, then the refused lines
}  // namespace

std::string encode_file_progress(const FileProgress& p) {
  std::string value;
  core::ByteWriter out(value);
  out.integer<std::uint8_t>(p.refused.empty() ? kLayoutVersion : kLayoutWithRefused)
      .integer<std::uint64_t>(p.identity.device)
      .integer<std::uint64_t>(p.identity.inode)
      .integer<std::uint64_t>(p.identity.size)
      .integer<std::int64_t>(p.identity.mtime_ns)
      .integer<std::uint64_t>(p.offset)
      .integer<std::uint64_t>(p.lines)
      .integer<std::uint64_t>(p.bad_lines);
  if (!p.refused.empty()) {
    out.integer<std::uint32_t>(static_cast<std::uint32_t>(p.refused.size()));
    for (const auto& [line, reason] : p.refused)
      out.integer<std::uint64_t>(line).short_string(reason);
  }
  return value;
}

std::optional<FileProgress> decode_file_progress(std::string_view value) {
  try {
    core::ByteReader in(value, "file progress");
    const auto layout = in.integer<std::uint8_t>();
    if (layout != kLayoutVersion && layout != kLayoutWithRefused) {
      return std::nullopt;
    }
    FileProgress p;
    p.identity.device = in.integer<std::uint64_t>();
    p.identity.inode = in.integer<std::uint64_t>();
    p.identity.size = in.integer<std::uint64_t>();
    p.identity.mtime_ns = in.integer<std::int64_t>();
    p.offset = in.integer<std::uint64_t>();
    p.lines = in.integer<std::uint64_t>();
    p.bad_lines = in.integer<std::uint64_t>();
    if (layout == kLayoutWithRefused) {
      for (auto count = in.integer<std::uint32_t>(); count > 0; --count) {
        const auto line = in.integer<std::uint64_t>();
        p.refused[line] = std::string(in.short_string());
      }
    }
    return in.at_end() ? std::optional(p) : std::nullopt;
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

}  // namespace mobilecs::files
