#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace mobilecs::app {

// Reports the progress of long work on stderr, at most once a second, and a summary at the end.
class ProgressMeter {
 public:
  ProgressMeter(std::string what, std::uint64_t total);
  void add(std::uint64_t done);
  void finish();

 private:
  void report(bool final);
  std::string what_;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace mobilecs::app
