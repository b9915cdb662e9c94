#include "files/atomic_file_writer.h"

#include <unistd.h>

#include <system_error>

namespace mobilecs::files {
namespace fs = std::filesystem;

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;
}  // namespace

AtomicFileWriter::AtomicFileWriter(const Folder& folder, std::string name)
    : folder_(folder), name_(std::move(name)) {
  std::tie(fd_, tmp_) = folder_.create_temporary(name_);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_.valid()) {
    fd_ = UniqueFd();
    try {
      folder_.remove(tmp_);
    } catch (const fs::filesystem_error&) {
    }
  }
}

void AtomicFileWriter::append(std::string_view data) {
  buffer_.append(data);
  if (buffer_.size() >= kBufferBytes) flush();
}

void AtomicFileWriter::flush() {
  std::size_t written = 0;
  while (written < buffer_.size()) {
    const ssize_t n = ::write(fd_.get(), buffer_.data() + written, buffer_.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw fs::filesystem_error("cannot write", folder_ / tmp_,
                                 std::error_code(errno, std::generic_category()));
    }
    written += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void AtomicFileWriter::commit() {
  flush();
  if (::fsync(fd_.get()) != 0) {
    throw fs::filesystem_error("cannot sync", folder_ / tmp_,
                               std::error_code(errno, std::generic_category()));
  }
  fd_ = UniqueFd();
  folder_.rename(tmp_, folder_, name_);
  folder_.sync();  // the rename too survives a power loss
}

}  // namespace mobilecs::files
