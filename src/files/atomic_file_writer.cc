#include "files/atomic_file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <system_error>

namespace mobilecs::files {
namespace fs = std::filesystem;

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;

[[noreturn]] void fail(const char* what, const fs::path& path) {
  throw fs::filesystem_error(what, path, std::error_code(errno, std::generic_category()));
}
}  // namespace

AtomicFileWriter::AtomicFileWriter(fs::path path)
    : path_(std::move(path)), tmp_(path_.parent_path() / (".tmp-" + path_.filename().string())) {
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) fail("cannot create", tmp_);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

void AtomicFileWriter::append(std::string_view data) {
  buffer_.append(data);
  if (buffer_.size() >= kBufferBytes) flush();
}

void AtomicFileWriter::flush() {
  std::size_t written = 0;
  while (written < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", tmp_);
    }
    written += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void AtomicFileWriter::commit() {
  flush();
  if (::fsync(fd_) != 0) fail("cannot sync", tmp_);
  ::close(fd_);
  fd_ = -1;
  fs::rename(tmp_, path_);
}

void write_file_atomically(const fs::path& path, std::string_view content) {
  AtomicFileWriter writer(path);
  writer.append(content);
  writer.commit();
}

}  // namespace mobilecs::files
