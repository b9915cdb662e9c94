#include "files/folder_watch.h"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace mobilecs::files {
namespace {

void drain(int fd) {
  std::array<char, 4096> buffer;
  while (::read(fd, buffer.data(), buffer.size()) > 0) {
  }
}

}  // namespace

FolderWatch::FolderWatch(const std::vector<std::filesystem::path>& folders) {
  inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (inotify_fd_ < 0 || wake_fd_ < 0) {
    spdlog::warn("watching folders for new files failed ({}); polling them instead",
                 std::strerror(errno));
    return;
  }
  for (const std::filesystem::path& folder : folders) {
    if (::inotify_add_watch(inotify_fd_, folder.c_str(),
                            IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) >= 0) {
      ++watches_;
    } else {
      spdlog::debug("not watching {} ({}): polling it", folder.string(), std::strerror(errno));
    }
  }
}

FolderWatch::~FolderWatch() {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

bool FolderWatch::wait(const std::stop_token& stop, std::chrono::nanoseconds timeout) {
  if (stop.stop_requested()) return false;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const int watched = watches_ > 0 ? inotify_fd_ : -1;  // poll ignores negative descriptors
  std::stop_callback wake(stop, [this] {
    const std::uint64_t one = 1;
    if (::write(wake_fd_, &one, sizeof one) < 0) {
      spdlog::debug("waking a folder wait failed: it ends at its timeout");
    }
  });
  std::array<pollfd, 2> fds{pollfd{watched, POLLIN, 0}, pollfd{wake_fd_, POLLIN, 0}};
  for (;;) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || stop.stop_requested()) break;
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      drain(inotify_fd_);
      break;
    }
    if (ready != 0 || fds[1].revents) break;  // stopped (or a poll error: back to polling)
  }
  if (wake_fd_ >= 0) drain(wake_fd_);
  return !stop.stop_requested();
}

}  // namespace mobilecs::files
