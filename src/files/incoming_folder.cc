#include "files/incoming_folder.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <system_error>
#include <tuple>

namespace mobilecs::files {
namespace fs = std::filesystem;

bool is_complete_file_name(std::string_view name) {
  return !name.empty() && !name.starts_with("tmp") && !name.starts_with('.') &&
         !name.starts_with('_');
}

std::vector<IncomingFile> list_complete_files(const fs::path& dir) {
  std::vector<IncomingFile> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!is_complete_file_name(name)) {
      continue;
    }
    struct stat st {};
    if (::stat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      continue;  // vanished meanwhile, or a folder such as processed/
    }
    files.push_back(IncomingFile{
        it->path(), name,
        FileIdentity{
            static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
            static_cast<std::uint64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec}});
  }
  std::sort(files.begin(), files.end(), [](const IncomingFile& a, const IncomingFile& b) {
    return std::tie(a.identity.mtime_ns, a.name) < std::tie(b.identity.mtime_ns, b.name);
  });
  return files;
}

fs::path move_aside(const fs::path& file, const fs::path& dir) {
  fs::create_directories(dir);
  fs::path target = dir / file.filename();
  for (int n = 1; fs::exists(target); ++n) {
    target = dir / fmt::format("{}.{}", file.filename().string(), n);
  }
  fs::rename(file, target);
  return target;
}

}  // namespace mobilecs::files
