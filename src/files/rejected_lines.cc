#include "files/rejected_lines.h"

#include <fmt/format.h>

#include "files/atomic_file_writer.h"
#include "files/line_reader.h"
#include "files/printable.h"

namespace mobilecs::files {
namespace fs = std::filesystem;

std::string too_long_reason() {
  return fmt::format("the line is longer than {} bytes", LineReader::kMaxLineLength);
}

namespace {

void write_rejected_lines(const Folder& input, const IncomingFile& file, std::uint64_t bad_lines,
                          const Folder& processed, const LineCheck& check,
                          const std::map<std::uint64_t, std::string>& refused) {
  AtomicFileWriter rejected(processed, file.name + ".rejected");
  AtomicFileWriter report(processed, file.name + ".report.txt");
  report.append(fmt::format("{}: {} bad line(s), set aside verbatim in {}.rejected\n",
                            printable(file.name), bad_lines, printable(file.name)));
  LineReader reader(input, file.name, 0, 0);
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

}  // namespace

fs::path set_aside_processed_file(const Folder& input, const IncomingFile& file,
                                  std::uint64_t bad_lines, const Folder& processed,
                                  const LineCheck& check,
                                  const std::map<std::uint64_t, std::string>& refused) {
  if (!file.refusal.empty()) {
    AtomicFileWriter report(processed, file.name + ".report.txt");
    report.append(fmt::format("{}: not imported: {}\n", printable(file.name), file.refusal));
    report.commit();
  } else if (bad_lines > 0) {
    write_rejected_lines(input, file, bad_lines, processed, check, refused);
  }
  return move_aside(input, file.name, processed);
}

}  // namespace mobilecs::files
