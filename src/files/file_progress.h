#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "files/incoming_folder.h"

namespace mobilecs::files {

// How far a file has been imported, committed together with what the imported lines produced:
// a restart resumes after the last committed line, so no line is lost or imported twice.
struct FileProgress {
  FileIdentity identity;
  std::uint64_t offset = 0;     // bytes of whole lines done
  std::uint64_t lines = 0;      // lines done
  std::uint64_t bad_lines = 0;  // of which rejected
  // Of the rejected, those that parse but were refused further on (a broker refusing the
  // record's timestamp), by line number, with the reason: re-reading the file cannot tell them.
  std::map<std::uint64_t, std::string> refused;

  friend bool operator==(const FileProgress&, const FileProgress&) = default;
};

std::string encode_file_progress(const FileProgress& progress);
// nullopt when `value` is not an encoded progress.
std::optional<FileProgress> decode_file_progress(std::string_view value);

}  // namespace mobilecs::files
