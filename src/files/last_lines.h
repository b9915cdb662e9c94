#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mobilecs::files {

// The last `count` whole lines of a text file (fewer if it has fewer), in file order, reading
// only as much of its end as they need. A missing file has none.
std::vector<std::string> last_lines(const std::filesystem::path& path, std::size_t count);

}  // namespace mobilecs::files
