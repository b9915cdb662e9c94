#include "embedded/file_outbox.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
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

}  // namespace

FileOutbox::FileOutbox(rocks::Database& db, char channel, fs::path file, bool sync)
    : db_(db), channel_(channel), file_(std::move(file)), sync_(sync) {
  recover();
}

std::string FileOutbox::entry_key(std::uint64_t seq) const {
  std::string key(1, channel_);
  core::ByteWriter(key).integer<std::uint64_t>(seq);
  return key;
}

std::string FileOutbox::mark_key() const { return std::string("outbox/") + channel_; }

FileOutbox::StagedLines FileOutbox::stage(rocks::WriteBatch& batch,
                                          std::vector<std::string> lines) {
  StagedLines staged;
  staged.reserve(lines.size());
  for (std::string& line : lines) {
    const std::uint64_t seq = next_seq_++;
    batch.put(rocks::Family::kOutbox, entry_key(seq), line);
    staged.emplace_back(seq, std::move(line));
  }
  return staged;
}

void FileOutbox::mark_delivered(std::uint64_t up_to_seq, std::uint64_t length) {
  rocks::WriteBatch batch = db_.batch();
  batch.erase_range(rocks::Family::kOutbox, entry_key(0), entry_key(up_to_seq + 1));
  std::string mark;
  core::ByteWriter(mark).integer<std::uint64_t>(up_to_seq).integer<std::uint64_t>(length);
  batch.put(rocks::Family::kMeta, mark_key(), mark);
  db_.write(batch);
  delivered_seq_ = up_to_seq;
  delivered_length_ = length;
}

void FileOutbox::recover() {
  if (fs::is_symlink(fs::symlink_status(file_))) {
    throw fs::filesystem_error("is a symbolic link: mobilecs does not write through it", file_,
                               std::make_error_code(std::errc::too_many_symbolic_link_levels));
  }
  if (const auto mark = db_.get(rocks::Database::Family::kMeta, mark_key())) {
    core::ByteReader in(*mark, "outbox mark");
    delivered_seq_ = in.integer<std::uint64_t>();
    delivered_length_ = in.integer<std::uint64_t>();
  }
  next_seq_ = delivered_seq_ + 1;
  db_.for_each(rocks::Database::Family::kOutbox, std::string(1, channel_),
               [&](std::string_view key, std::string_view value) {
                 core::ByteReader in(key.substr(1), "outbox key");
                 const auto seq = in.integer<std::uint64_t>();
                 if (seq > delivered_seq_) {
                   undelivered_.emplace_back(seq, std::string(value));
                   next_seq_ = seq + 1;
                 }
               });

  const std::uint64_t length = file_length(file_);
  if (length < delivered_length_) {
    spdlog::warn(
        "{} is shorter than mobilecs left it ({} < {} bytes): it was rotated or "
        "truncated; appending from its current end",
        file_.string(), length, delivered_length_);
    delivered_length_ = length;
    return;
  }
  if (length == delivered_length_) {
    return;
  }
  // Bytes past the mark: lines appended before the process died, possibly a torn last one.
  std::ifstream in(file_, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(delivered_length_));
  std::string tail(length - delivered_length_, '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  std::size_t recognised = 0;
  std::size_t position = 0;
  while (recognised < undelivered_.size()) {
    const std::size_t newline = tail.find('\n', position);
    if (newline == std::string::npos ||
        std::string_view(tail).substr(position, newline - position) !=
            undelivered_[recognised].second) {
      break;
    }
    position = newline + 1;
    ++recognised;
  }
  const std::string_view rest = std::string_view(tail).substr(position);
  std::uint64_t new_length = delivered_length_ + position;
  if (rest.find('\n') != std::string_view::npos) {
    spdlog::warn("{} has {} bytes mobilecs did not write; leaving them and appending after",
                 file_.string(), rest.size());
    new_length = length;
  } else if (!rest.empty()) {
    spdlog::warn("{}: cutting off a torn last line ({} bytes) left by a crash", file_.string(),
                 rest.size());
    if (::truncate(file_.c_str(), static_cast<off_t>(new_length)) != 0) {
      fail("cannot truncate", file_);
    }
  }
  if (recognised > 0) {
    const std::uint64_t up_to = undelivered_[recognised - 1].first;
    undelivered_.erase(undelivered_.begin(), undelivered_.begin() + static_cast<long>(recognised));
    mark_delivered(up_to, new_length);
  } else {
    delivered_length_ = new_length;
  }
}

void FileOutbox::deliver(StagedLines committed) {
  std::move(committed.begin(), committed.end(), std::back_inserter(undelivered_));
  if (undelivered_.empty()) {
    return;
  }
  std::string text;
  for (const auto& [seq, line] : undelivered_) {
    text.append(line).push_back('\n');
  }
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
  if (sync_) ::fsync(fd);
  struct stat st {};
  ::fstat(fd, &st);
  ::close(fd);
  mark_delivered(undelivered_.back().first, static_cast<std::uint64_t>(st.st_size));
  undelivered_.clear();
}

}  // namespace mobilecs::embedded
