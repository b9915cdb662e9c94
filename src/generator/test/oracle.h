#pragma once

#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

namespace mobilecs::generator::testing {

// Runs the JDK implementation of docs/reference-data.md (tools/reference/ReferenceDataSet.java) and
// returns what it printed. The JDK is part of the project's set-up: a missing one fails the test.
inline std::string run_oracle(const std::string& arguments) {
  const std::string command =
      "java " MOBILECS_SOURCE_DIR "/tools/reference/ReferenceDataSet.java " + arguments;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) {
    throw std::runtime_error("cannot run " + command);
  }
  std::string output;
  std::array<char, 65536> buffer;
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) {
    output.append(buffer.data(), n);
  }
  if (pclose(pipe.release()) != 0) {
    throw std::runtime_error("the oracle failed: " + command);
  }
  return output;
}

}  // namespace mobilecs::generator::testing
