#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "files/folder.h"

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
  std::filesystem::path path;  // for messages; files are opened through their folder
  std::string name;
  FileIdentity identity;
  // Why the file is not read at all (it is a symbolic link, or not a regular file): it is set
  // aside unread and counted as a bad input.
  std::string refusal;
};

// Producers write under a temporary name and rename the file when it is complete (docs/formats.md
// §2).
bool is_complete_file_name(std::string_view name);

// The complete files directly in `dir`, in the order they became complete: modification time,
// then name (docs/semantics.md §1). Folders are left out; symbolic links and other files that
// are not regular are listed with a refusal, not followed.
std::vector<IncomingFile> list_complete_files(const Folder& dir);

// Moves the file `name` of `from` into `to`; a name already taken there gets a numbered suffix
// so nothing processed is ever overwritten. Returns the new path.
std::filesystem::path move_aside(const Folder& from, const std::string& name, const Folder& to);

}  // namespace mobilecs::files
