#include "api/incoming_file_writer.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <fstream>

namespace mobilecs::api {
namespace fs = std::filesystem;

WrittenFile write_next_incoming_file(generator::IncomingRecordsGenerator& generator,
                                     const fs::path& dir,
                                     const std::function<void(std::string_view)>& on_chunk) {
  static std::atomic<int> sequence{0};
  fs::create_directories(dir);
  const fs::path tmp = dir / fmt::format("tmp_{}_{}.csv", ::getpid(), sequence++);
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw fs::filesystem_error("cannot create (check the folder's permissions)", tmp,
                               std::make_error_code(std::errc::io_error));
  }
  const auto file = generator.next_file([&](std::string_view chunk) {
    out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (on_chunk) on_chunk(chunk);
  });
  out.close();
  const fs::path path = dir / file.name;
  std::error_code ec;
  if (!out || (fs::rename(tmp, path, ec), ec)) {
    fs::remove(tmp, ec);
    throw fs::filesystem_error("cannot write (disk full?)", path,
                               std::make_error_code(std::errc::io_error));
  }
  return WrittenFile{path, file.records};
}

}  // namespace mobilecs::api
