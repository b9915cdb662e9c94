#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace mobilecs::files {

// Writes a file under a temporary name and renames it into place on commit(), so readers never
// see half of it. Without commit() the temporary file is removed.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::filesystem::path path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void append(std::string_view data);
  void commit();

 private:
  void flush();
  std::filesystem::path path_;
  std::filesystem::path tmp_;
  int fd_ = -1;
  std::string buffer_;
};

// The whole of `content`, atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace mobilecs::files
