#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace mobilecs::files {

// What tells one file from another under the same name: a producer may drop `data.csv` again.
struct FileIdentity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;

  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

struct IncomingFile {
  std::filesystem::path path;
  std::string name;
  FileIdentity identity;
};

// Producers write under a temporary name and rename the file when it is complete (docs/formats.md
// §2).
bool is_complete_file_name(std::string_view name);

// The complete regular files directly in `dir`, in the order they became complete:
// modification time, then name (docs/semantics.md §1). A missing folder lists as empty.
std::vector<IncomingFile> list_complete_files(const std::filesystem::path& dir);

// Moves `file` into `dir` (created if needed); a name already taken there gets a numbered suffix
// so nothing processed is ever overwritten. Returns the new path.
std::filesystem::path move_aside(const std::filesystem::path& file,
                                 const std::filesystem::path& dir);

}  // namespace mobilecs::files
