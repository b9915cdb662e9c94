#include "embedded/file_outbox.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <system_error>

#include "core/processing/byte_codec.h"

namespace mobilecs::embedded {
namespace fs = std::filesystem;

namespace {

std::uint64_t file_length(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

[[noreturn]] void fail(const char* what, const fs::path& path) {
  throw fs::filesystem_error(what, path, std::error_code(errno, std::generic_category()));
}

std::string encode_length(std::uint64_t length) {
  std::string value;
  core::ByteWriter(value).integer<std::uint64_t>(length);
  return value;
}

}  // namespace

FileOutbox::FileOutbox(rocks::Database& db, char channel, fs::path file, bool sync)
    : db_(db), channel_(channel), file_(std::move(file)), sync_(sync) {
  recover();
}

std::string FileOutbox::length_key() const { return std::string("outbox-length/") + channel_; }

void FileOutbox::append(rocks::WriteBatch& batch, std::string_view text) {
  if (text.empty()) return;
  const int fd =
      ::open(file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot open", file_);
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      errno = error;
      fail("cannot append to", file_);
    }
    written += static_cast<std::size_t>(n);
  }
  if (sync_ && ::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    fail("cannot sync", file_);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    fail("cannot read the length of", file_);
  }
  ::close(fd);
  batch.put(rocks::Family::kMeta, length_key(),
            encode_length(static_cast<std::uint64_t>(st.st_size)));
}

void FileOutbox::recover() {
  if (fs::is_symlink(fs::symlink_status(file_))) {
    throw fs::filesystem_error("is a symbolic link: mobilecs does not write through it", file_,
                               std::make_error_code(std::errc::too_many_symbolic_link_levels));
  }
  std::uint64_t committed = 0;
  if (const auto mark = db_.get(rocks::Database::Family::kMeta, length_key())) {
    committed = core::ByteReader(*mark, "outbox length").integer<std::uint64_t>();
  } else {
    recover_from_the_lines_outbox(committed);
  }
  const std::uint64_t length = file_length(file_);
  if (length < committed) {
    spdlog::warn(
        "{} is shorter than mobilecs left it ({} < {} bytes): it was rotated or truncated; "
        "appending from its current end",
        file_.string(), length, committed);
    // Committed now, so that a step cut short after this start is cut off from here.
    rocks::WriteBatch batch = db_.batch();
    batch.put(rocks::Family::kMeta, length_key(), encode_length(length));
    db_.write(batch);
  } else if (length > committed) {
    spdlog::info(
        "{}: cutting off {} bytes written by a step that did not commit; its lines come "
        "again when it is processed again",
        file_.string(), length - committed);
    if (::truncate(file_.c_str(), static_cast<off_t>(committed)) != 0) {
      fail("cannot truncate", file_);
    }
  }
}

// A data folder of a mobilecs before this layout kept each line in RocksDB until it was written:
// lines committed but not yet written are written now, and that layout's entries dropped.
void FileOutbox::recover_from_the_lines_outbox(std::uint64_t& committed_length) {
  const std::string old_mark_key = std::string("outbox/") + channel_;
  const auto mark = db_.get(rocks::Database::Family::kMeta, old_mark_key);
  std::uint64_t delivered_seq = 0;
  std::uint64_t delivered_length = 0;
  if (mark) {
    core::ByteReader in(*mark, "outbox mark");
    delivered_seq = in.integer<std::uint64_t>();
    delivered_length = in.integer<std::uint64_t>();
  }
  std::string undelivered;
  db_.for_each(rocks::Database::Family::kOutbox, std::string(1, channel_),
               [&](std::string_view key, std::string_view value) {
                 core::ByteReader in(key.substr(1), "outbox key");
                 if (in.integer<std::uint64_t>() > delivered_seq) {
                   undelivered.append(value).push_back('\n');
                 }
               });
  if (!mark && undelivered.empty()) {
    // A new data folder (or one whose file mobilecs never wrote): the file stays as it is.
    delivered_length = file_length(file_);
  }
  rocks::WriteBatch batch = db_.batch();
  if (file_length(file_) > delivered_length) {
    // Written, or torn while being written: cut back to what was delivered and write them again.
    if (::truncate(file_.c_str(), static_cast<off_t>(delivered_length)) != 0) {
      fail("cannot truncate", file_);
    }
  }
  if (undelivered.empty()) {
    batch.put(rocks::Family::kMeta, length_key(), encode_length(file_length(file_)));
  } else {
    append(batch, undelivered);
  }
  std::string first(1, channel_);
  std::string last(1, static_cast<char>(channel_ + 1));
  batch.erase_range(rocks::Family::kOutbox, first, last);
  batch.erase(rocks::Family::kMeta, old_mark_key);
  db_.write(batch);
  committed_length = file_length(file_);
}

}  // namespace mobilecs::embedded
