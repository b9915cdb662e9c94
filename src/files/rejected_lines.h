#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "files/incoming_folder.h"

namespace mobilecs::files {

// Checks one line; on a bad line returns false and says why.
using LineCheck = std::function<bool(std::string_view line, std::string& reason)>;

// Why a line read by LineReader is bad, or empty when it is fine to parse further.
// Blank lines are neither: callers skip them (see is_blank).
std::string too_long_reason();
inline bool is_blank(std::string_view line) { return line.empty(); }

// Sets a finished file of `input` aside in `processed`. If it had bad lines, reads it once more
// and writes, next to it, `<name>.rejected` (the bad lines, verbatim, to fix and feed again) and
// `<name>.report.txt` (each bad line's number and reason): those `check` rejects, and those
// in `refused` (lines refused further on, with their reasons). A file refused whole (see
// IncomingFile::refusal) is moved unread, with a report saying why. Safe to repeat after a
// crash. Returns where the file went.
std::filesystem::path set_aside_processed_file(
    const Folder& input, const IncomingFile& file, std::uint64_t bad_lines, const Folder& processed,
    const LineCheck& check, const std::map<std::uint64_t, std::string>& refused = {});

// The bad input a file refused whole counts as: its reason, at line 0.
inline constexpr std::uint64_t kWholeFile = 0;

}  // namespace mobilecs::files
