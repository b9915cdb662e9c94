#include "files/folder.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <sys/random.h>
#include <unistd.h>

#include <stdexcept>
#include <system_error>

#include "files/printable.h"

namespace mobilecs::files {
namespace fs = std::filesystem;

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

std::string link_refused(const fs::path& path) {
  std::error_code ec;
  const fs::path target = fs::read_symlink(path, ec);
  return fmt::format(
      "{} is a symbolic link{}: mobilecs does not use a folder that is a link, so that nobody "
      "who can write next to it can send its files elsewhere; use the folder itself, or start "
      "with --allow-symlinked-folders if the link is yours",
      printable(path.string()), ec ? "" : fmt::format(" (to {})", printable(target.string())));
}

UniqueFd open_folder(int parent, const char* name, const fs::path& path, FolderLinks links) {
  const int follow = links == FolderLinks::kFollow ? 0 : O_NOFOLLOW;
  const int fd = ::openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | follow);
  if (fd >= 0) return UniqueFd(fd);
  const int error = errno;
  struct stat st {};
  if ((error == ELOOP || error == ENOTDIR) &&
      ::fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
    throw std::runtime_error(link_refused(path));
  }
  throw fs::filesystem_error("cannot open the folder", path,
                             std::error_code(error, std::generic_category()));
}

}  // namespace

std::optional<std::string> refusal_of(const fs::filesystem_error& error) {
  switch (error.code().value()) {
    case ELOOP:
      return "a symbolic link: not followed, set aside unread";
    case EINVAL:
      return "not a regular file (a FIFO, socket or device): set aside unread";
    case EACCES:
    case EPERM:
      return "cannot be read: " + error.code().message();
    default:
      return std::nullopt;
  }
}

Folder Folder::open(const fs::path& path, FolderLinks links) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) throw fs::filesystem_error("cannot create the folder", path, ec);
  }
  return Folder(path, open_folder(AT_FDCWD, path.c_str(), path, links), links);
}

Folder Folder::subfolder(std::string_view name) const {
  const std::string n(name);
  if (::mkdirat(fd(), n.c_str(), 0755) != 0 && errno != EEXIST) {
    fail("cannot create the folder", name, errno);
  }
  return Folder(path_ / n, open_folder(fd(), n.c_str(), path_ / n, links_), links_);
}

void Folder::fail(const char* what, std::string_view name, int error) const {
  throw fs::filesystem_error(what, path_ / name, std::error_code(error, std::generic_category()));
}

bool Folder::stat(std::string_view name, struct ::stat& st) const {
  return ::fstatat(fd(), std::string(name).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

bool Folder::contains(std::string_view name) const {
  struct stat st {};
  return stat(name, st);
}

UniqueFd Folder::open_for_reading(std::string_view name) const {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
  UniqueFd fd(::openat(this->fd(), std::string(name).c_str(),
                       O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) {
    const int error = errno;
    if (error == ELOOP) {
      throw fs::filesystem_error("is a symbolic link, not followed", path_ / name,
                                 std::error_code(error, std::generic_category()));
    }
    fail("cannot read", name, error);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail("cannot read", name, errno);
  if (!S_ISREG(st.st_mode)) {
    throw fs::filesystem_error("is not a regular file", path_ / name,
                               std::make_error_code(std::errc::invalid_argument));
  }
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  return fd;
}

std::pair<UniqueFd, std::string> Folder::create_temporary(std::string_view for_name) const {
  for (int attempt = 0;; ++attempt) {
    std::uint64_t random = 0;
    if (::getrandom(&random, sizeof random, 0) != sizeof random)
      fail("cannot create", for_name, errno);
    std::string name = fmt::format(".tmp-{}-{:016x}", for_name, random);
    const int fd = ::openat(this->fd(), name.c_str(),
                            O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) return {UniqueFd(fd), std::move(name)};
    if (errno != EEXIST || attempt == 100) fail("cannot create", name, errno);
  }
}

UniqueFd Folder::open_for_appending(std::string_view name) const {
  UniqueFd fd(::openat(this->fd(), std::string(name).c_str(),
                       O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd.valid()) {
    if (errno == ELOOP) {
      throw fs::filesystem_error("is a symbolic link: mobilecs does not write through it",
                                 path_ / name, std::error_code(ELOOP, std::generic_category()));
    }
    fail("cannot open", name, errno);
  }
  return fd;
}

void Folder::rename(std::string_view from, const Folder& to, std::string_view to_name) const {
  if (::renameat(fd(), std::string(from).c_str(), to.fd(), std::string(to_name).c_str()) != 0) {
    throw fs::filesystem_error("cannot rename", path_ / from, to.path() / to_name,
                               std::error_code(errno, std::generic_category()));
  }
}

bool Folder::rename_if_free(std::string_view from, const Folder& to,
                            std::string_view to_name) const {
  if (::renameat2(fd(), std::string(from).c_str(), to.fd(), std::string(to_name).c_str(),
                  RENAME_NOREPLACE) == 0) {
    return true;
  }
  if (errno == EEXIST) return false;
  throw fs::filesystem_error("cannot rename", path_ / from, to.path() / to_name,
                             std::error_code(errno, std::generic_category()));
}

void Folder::remove(std::string_view name) const {
  if (::unlinkat(fd(), std::string(name).c_str(), 0) != 0 && errno != ENOENT) {
    fail("cannot remove", name, errno);
  }
}

void Folder::sync() const {
  if (::fsync(fd()) != 0) fail("cannot sync the folder", "", errno);
}

}  // namespace mobilecs::files
