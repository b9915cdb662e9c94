#include "files/incoming_folder.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>
#include <tuple>

namespace mobilecs::files {
namespace fs = std::filesystem;

bool is_complete_file_name(std::string_view name) {
  return !name.empty() && !name.starts_with("tmp") && !name.starts_with('.') &&
         !name.starts_with('_');
}

namespace {

// The names in `dir`, read through its handle.
std::vector<std::string> names_in(const Folder& dir) {
  const int fd = ::openat(dir.fd(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* stream = fd >= 0 ? ::fdopendir(fd) : nullptr;
  if (stream == nullptr) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    throw fs::filesystem_error("cannot list", dir.path(),
                               std::error_code(error, std::generic_category()));
  }
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(stream)) names.emplace_back(entry->d_name);
  ::closedir(stream);
  return names;
}

}  // namespace

std::vector<IncomingFile> list_complete_files(const Folder& dir) {
  std::vector<IncomingFile> files;
  for (std::string& name : names_in(dir)) {
    if (!is_complete_file_name(name)) continue;
    struct stat st {};
    if (!dir.stat(name, st) || S_ISDIR(st.st_mode)) continue;  // vanished, or processed/
    IncomingFile file{
        dir / name,
        std::move(name),
        FileIdentity{
            static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
            static_cast<std::uint64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec},
        {}};
    if (S_ISLNK(st.st_mode)) {
      struct stat target {};
      if (::fstatat(dir.fd(), file.name.c_str(), &target, 0) == 0 && S_ISDIR(target.st_mode)) {
        continue;  // a link to a folder (processed/ where allowed): folders are not inputs
      }
      file.refusal = "a symbolic link: not followed, set aside unread";
    } else if (!S_ISREG(st.st_mode)) {
      file.refusal = "not a regular file (a FIFO, socket or device): set aside unread";
    }
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(), [](const IncomingFile& a, const IncomingFile& b) {
    return std::tie(a.identity.mtime_ns, a.name) < std::tie(b.identity.mtime_ns, b.name);
  });
  return files;
}

fs::path move_aside(const Folder& from, const std::string& name, const Folder& to) {
  std::string target = name;
  for (int n = 1; !from.rename_if_free(name, to, target); ++n) {
    target = fmt::format("{}.{}", name, n);
  }
  return to / target;
}

}  // namespace mobilecs::files
