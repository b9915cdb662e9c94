#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace mobilecs::files {

// The first line of a secret's file (a compose or Kubernetes secret, a password file), without
// its line end. Throws std::runtime_error saying which secret (`what`) could not be read from
// where, never what it holds.
std::string read_secret_line(const std::filesystem::path& path, std::string_view what);

}  // namespace mobilecs::files
