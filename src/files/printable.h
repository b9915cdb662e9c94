#pragma once

#include <string>
#include <string_view>

namespace mobilecs::files {

// `text` with its control characters escaped (\n, \r, \t, \xNN), so that a name chosen by
// whoever drops a file cannot forge or break a line of a log or a report (CWE-117).
std::string printable(std::string_view text);

// Whether printable(text) would change it.
bool has_control_characters(std::string_view text);

}  // namespace mobilecs::files
