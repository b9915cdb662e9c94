#include "files/secret_file.h"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

namespace mobilecs::files {

std::string read_secret_line(const std::filesystem::path& path, std::string_view what) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) {
    throw std::runtime_error(fmt::format(
        "cannot read {} from {} (check the path and its permissions)", what, path.string()));
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

}  // namespace mobilecs::files
