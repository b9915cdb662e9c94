#include "files/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <system_error>

namespace mobilecs::files {
namespace fs = std::filesystem;

LineReader::LineReader(const Folder& folder, std::string_view name, std::uint64_t offset,
                       std::uint64_t lines_before, std::size_t chunk_bytes)
    : fd_(folder.open_for_reading(name)),
      path_(folder / name),
      chunk_bytes_(chunk_bytes),
      buffer_(chunk_bytes + kMaxLineLength + 1),
      offset_(offset),
      line_number_(lines_before) {
  if (::lseek(fd_.get(), static_cast<off_t>(offset), SEEK_SET) < 0) {
    throw fs::filesystem_error("cannot read", path_,
                               std::error_code(errno, std::generic_category()));
  }
  ::posix_fadvise(fd_.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
}

bool LineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  while (end_ < buffer_.size()) {
    const ssize_t n = ::read(fd_.get(), buffer_.data() + end_, buffer_.size() - end_);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw fs::filesystem_error("cannot read", path_,
                                 std::error_code(errno, std::generic_category()));
    }
    if (n == 0) {
      eof_ = true;
      break;
    }
    end_ += static_cast<std::size_t>(n);
  }
  return true;
}

void LineReader::skip_rest_of_long_line(std::vector<Line>& lines) {
  long_line_prefix_.assign(buffer_.data() + begin_, kTooLongPrefix);
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const void* newline = std::memchr(start, '\n', end_ - begin_);
    if (newline != nullptr) {
      const std::size_t length = static_cast<const char*>(newline) - start;
      offset_ += length + 1;
      begin_ += length + 1;
      break;
    }
    offset_ += end_ - begin_;
    begin_ = end_;
    if (!fill() || begin_ == end_) break;
  }
  lines.push_back(Line{long_line_prefix_, ++line_number_, true, offset_});
}

bool LineReader::next(std::vector<Line>& lines) {
  lines.clear();
  fill();
  std::size_t consumed = 0;
  while (consumed < chunk_bytes_) {
    const char* start = buffer_.data() + begin_;
    const std::size_t available = end_ - begin_;
    if (available == 0) break;
    const void* newline = std::memchr(start, '\n', available);
    std::size_t length = 0;
    std::size_t advance = 0;
    if (newline != nullptr) {
      length = static_cast<const char*>(newline) - start;
      advance = length + 1;
    } else if (eof_) {
      length = advance = available;  // the last line has no line end
    } else if (available > kMaxLineLength) {
      // Skipping reads on and moves the buffer, which earlier views point into: only as the
      // first line of a call.
      if (lines.empty()) {
        skip_rest_of_long_line(lines);
      }
      break;
    } else {
      break;  // a partial line: the next call reads the rest
    }
    begin_ += advance;
    offset_ += advance;
    if (length > kMaxLineLength) {
      lines.push_back(Line{std::string_view(start, kTooLongPrefix), ++line_number_, true, offset_});
    } else {
      std::string_view text(start, length);
      if (text.ends_with('\r')) text.remove_suffix(1);
      lines.push_back(Line{text, ++line_number_, false, offset_});
    }
    consumed += advance;
  }
  return !lines.empty();
}

}  // namespace mobilecs::files
