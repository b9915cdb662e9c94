#include "files/file_progress.h"

#include <stdexcept>

#include "core/processing/byte_codec.h"

namespace mobilecs::files {

namespace {
constexpr std::uint8_t kLayoutVersion = 1;
}

std::string encode_file_progress(const FileProgress& p) {
  std::string value;
  core::ByteWriter(value)
      .integer<std::uint8_t>(kLayoutVersion)
      .integer<std::uint64_t>(p.identity.device)
      .integer<std::uint64_t>(p.identity.inode)
      .integer<std::uint64_t>(p.identity.size)
      .integer<std::int64_t>(p.identity.mtime_ns)
      .integer<std::uint64_t>(p.offset)
      .integer<std::uint64_t>(p.lines)
      .integer<std::uint64_t>(p.bad_lines);
  return value;
}

std::optional<FileProgress> decode_file_progress(std::string_view value) {
  try {
    core::ByteReader in(value, "file progress");
    if (in.integer<std::uint8_t>() != kLayoutVersion) {
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
    return in.at_end() ? std::optional(p) : std::nullopt;
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

}  // namespace mobilecs::files
