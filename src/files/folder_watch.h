#pragma once

#include <chrono>
#include <filesystem>
#include <stop_token>
#include <vector>

namespace mobilecs::files {

// Wakes a waiting reader when something arrives in its folders (inotify: a file created, written
// and closed, or renamed in), so a renamed file is read at once instead of at the next poll. Where
// inotify is not available (or a folder does not exist yet) the wait simply lasts its timeout: the
// caller's slow poll is the fallback.
class FolderWatch {
 public:
  explicit FolderWatch(const std::vector<std::filesystem::path>& folders);
  ~FolderWatch();
  FolderWatch(const FolderWatch&) = delete;
  FolderWatch& operator=(const FolderWatch&) = delete;

  // Waits until a watched folder changes, `timeout` passes or `stop` is requested; false if stop
  // was requested. Changes since the previous wait count: none is missed between two waits.
  bool wait(const std::stop_token& stop, std::chrono::nanoseconds timeout);

  // Whether changes wake the wait (false: it only times out).
  bool watching() const { return watches_ > 0; }

 private:
  int inotify_fd_ = -1;
  int wake_fd_ = -1;  // an eventfd the stop request writes to
  int watches_ = 0;
};

}  // namespace mobilecs::files
