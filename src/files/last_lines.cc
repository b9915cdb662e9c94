#include "files/last_lines.h"

#include <algorithm>
#include <fstream>

namespace mobilecs::files {

std::vector<std::string> last_lines(const std::filesystem::path& path, std::size_t count) {
  std::ifstream in(path, std::ios::binary);
  if (!in || count == 0) return {};
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  std::string tail;
  std::streamoff read = 0;
  constexpr std::streamoff kBlock = 64 * 1024;
  // Read blocks from the end until the tail holds `count` line ends before the last line.
  while (read < size) {
    const std::streamoff block = std::min(kBlock, size - read);
    read += block;
    std::string chunk(static_cast<std::size_t>(block), '\0');
    in.seekg(size - read);
    in.read(chunk.data(), block);
    tail.insert(0, chunk);
    if (static_cast<std::size_t>(std::count(tail.begin(), tail.end(), '\n')) > count) break;
  }
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < tail.size()) {
    const std::size_t end = tail.find('\n', start);
    if (end == std::string::npos) break;  // a torn last line is not a whole line
    lines.push_back(tail.substr(start, end - start));
    start = end + 1;
  }
  // The first piece may be the end of a line cut by the block boundary.
  if (read < size && !lines.empty()) lines.erase(lines.begin());
  if (lines.size() > count) lines.erase(lines.begin(), lines.end() - static_cast<long>(count));
  return lines;
}

}  // namespace mobilecs::files
