#include "files/last_lines.h"

#include <algorithm>
#include <fstream>
#include <vector>

namespace mobilecs::files {

std::vector<std::string> last_lines(const std::filesystem::path& path, std::size_t count) {
  std::ifstream in(path, std::ios::binary);
  if (!in || count == 0) return {};
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  // Blocks from the end until they hold `count` line ends before the last line; each byte is
  // read and counted once.
  std::vector<std::string> blocks;  // the last block first
  std::size_t line_ends = 0;
  std::streamoff read = 0;
  constexpr std::streamoff kBlock = 64 * 1024;
  while (read < size && line_ends <= count) {
    const std::streamoff block = std::min(kBlock, size - read);
    read += block;
    std::string& chunk = blocks.emplace_back(static_cast<std::size_t>(block), '\0');
    in.seekg(size - read);
    in.read(chunk.data(), block);
    line_ends += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
  }
  std::string tail;
  tail.reserve(static_cast<std::size_t>(read));
  for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) tail += *it;
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
