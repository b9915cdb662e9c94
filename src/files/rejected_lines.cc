#include "files/rejected_lines.h"

#include <fmt/format.h>

#include "files/atomic_file_writer.h"
#include "files/line_reader.h"

namespace mobilecs::files {
namespace fs = std::filesystem;

std::string too_long_reason() {
  return fmt::format("the line is longer than {} bytes", LineReader::kMaxLineLength);
}

fs::path set_aside_processed_file(const IncomingFile& file, std::uint64_t bad_lines,
                                  const fs::path& processed_dir, const LineCheck& check,
                                  const std::map<std::uint64_t, std::string>& refused) {
  fs::create_directories(processed_dir);
  if (bad_lines > 0) {
    AtomicFileWriter rejected(processed_dir / (file.name + ".rejected"));
    AtomicFileWriter report(processed_dir / (file.name + ".report.txt"));
    report.append(fmt::format("{}: {} bad line(s), set aside verbatim in {}.rejected\n", file.name,
                              bad_lines, file.name));
    LineReader reader(file.path, 0, 0);
    std::vector<LineReader::Line> lines;
    std::string reason;
    while (reader.next(lines)) {
      for (const LineReader::Line& line : lines) {
        if (line.too_long) {
          reason = too_long_reason();
        } else if (const auto it = refused.find(line.number); it != refused.end()) {
          reason = it->second;
        } else if (is_blank(line.text) || check(line.text, reason)) {
          continue;
        }
        report.append(fmt::format("line {}: {}\n", line.number, reason));
        rejected.append(line.text);
        rejected.append("\n");
      }
    }
    rejected.commit();
    report.commit();
  }
  return move_aside(file.path, processed_dir);
}

}  // namespace mobilecs::files
