#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "files/folder.h"

namespace mobilecs::files {

// Reads a file's lines in chunks, starting at a byte offset that a previous reader reached, so
// that progress can be committed line by line. Memory stays bounded whatever the file holds:
// a line longer than kMaxLineLength is returned as `too_long` with only its beginning.
// Line ends are "\n" or "\r\n"; a last line without a line end is still a line.
class LineReader {
 public:
  static constexpr std::size_t kMaxLineLength = 64 * 1024;
  static constexpr std::size_t kTooLongPrefix = 200;

  struct Line {
    std::string_view text;     // without its line end; valid until the next call to next()
    std::uint64_t number = 0;  // 1-based
    bool too_long = false;
    std::uint64_t end_offset = 0;  // of the byte after its line end: where the next line starts
  };

  // Reads the file `name` of `folder` (never through a symbolic link). Throws
  // std::filesystem::filesystem_error naming it if it cannot be opened.
  LineReader(const Folder& folder, std::string_view name, std::uint64_t offset,
             std::uint64_t lines_before, std::size_t chunk_bytes = 4 << 20);

  // Replaces `lines` with the next lines, about chunk_bytes of them; false once at the end.
  bool next(std::vector<Line>& lines);

  // The byte offset just after the last line returned, and that line's number.
  std::uint64_t offset() const { return offset_; }
  std::uint64_t line_number() const { return line_number_; }

 private:
  bool fill();  // reads more; false at end of file
  void skip_rest_of_long_line(std::vector<Line>& lines);

  UniqueFd fd_;
  std::filesystem::path path_;
  std::size_t chunk_bytes_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // unread data is buffer_[begin_, end_)
  std::size_t end_ = 0;
  bool eof_ = false;
  std::uint64_t offset_;
  std::uint64_t line_number_;
  std::string long_line_prefix_;
};

}  // namespace mobilecs::files
