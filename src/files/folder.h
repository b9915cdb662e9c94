#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace mobilecs::files {

// A file descriptor, closed when it goes.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  ~UniqueFd();
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Why a file that could not be opened for reading (Folder::open_for_reading) is set aside
// unread: it is a symbolic link, not a regular file, or mobilecs may not read it. nullopt for a
// failure that may pass (too many open files, an I/O error, the file gone meanwhile).
std::optional<std::string> refusal_of(const std::filesystem::filesystem_error& error);

// Whether a folder mobilecs was given may be a symbolic link (to a mounted volume, say). Files
// inside folders are never followed through links; this is only about the folders themselves.
enum class FolderLinks { kRefuse, kFollow };

// A folder held open by its handle. Files in it are listed, opened, created and renamed relative
// to the handle and never through a symbolic link, so whoever may write into a watched folder
// cannot make mobilecs read or write anything outside it (CWE-59): a link planted where a
// temporary or output file goes is replaced, never written through.
class Folder {
 public:
  // Opens the folder at `path`, creating it (and its parents) when missing. A folder that is a
  // symbolic link is refused unless `links` is kFollow; the error says how to go on.
  static Folder open(const std::filesystem::path& path, FolderLinks links = FolderLinks::kRefuse);

  Folder(Folder&&) noexcept = default;
  Folder& operator=(Folder&&) noexcept = default;

  // The folder `name` inside this one, created if missing, under the same rule for links.
  Folder subfolder(std::string_view name) const;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }
  int fd() const { return fd_.get(); }

  // What `name` is, without following a link; false if it does not exist.
  bool stat(std::string_view name, struct ::stat& st) const;
  bool contains(std::string_view name) const;

  // Opens the regular file `name` for reading. Throws std::filesystem::filesystem_error naming it
  // if it cannot: a symbolic link is not followed (ELOOP), and a FIFO or device is refused
  // without blocking on it.
  UniqueFd open_for_reading(std::string_view name) const;

  // A new, empty file under a fresh hidden temporary name derived from `for_name` (created
  // exclusively: nothing that was there is opened). Returns it and its name.
  std::pair<UniqueFd, std::string> create_temporary(std::string_view for_name) const;
  // Opens `name` for appending, creating it if missing; a link there is not followed.
  UniqueFd open_for_appending(std::string_view name) const;

  // Renames `from` to `to_name` in `to`, replacing what is there (a link there is replaced,
  // not followed).
  void rename(std::string_view from, const Folder& to, std::string_view to_name) const;
  // The same, but never replacing: false if `to_name` is taken.
  bool rename_if_free(std::string_view from, const Folder& to, std::string_view to_name) const;
  // Removes the file `name` if it is there.
  void remove(std::string_view name) const;
  // Makes the folder's entries (renames, new files) durable; throws if it cannot.
  void sync() const;

 private:
  Folder(std::filesystem::path path, UniqueFd fd, FolderLinks links)
      : path_(std::move(path)), fd_(std::move(fd)), links_(links) {}
  [[noreturn]] void fail(const char* what, std::string_view name, int error) const;

  std::filesystem::path path_;
  UniqueFd fd_;
  FolderLinks links_ = FolderLinks::kRefuse;
};

}  // namespace mobilecs::files
