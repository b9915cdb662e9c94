#pragma once

#include <chrono>

#include "core/time/instant.h"

namespace mobilecs::runtime {

// Where a pipeline takes time from: wall-clock milliseconds for the processor's processing time
// (partition idleness), and a monotonic clock for its own deadlines. Tests pass a fake.
class Clock {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual core::EpochMillis wall_millis() const = 0;
  virtual SteadyTime steady() const = 0;
};

class SystemClock final : public Clock {
 public:
  core::EpochMillis wall_millis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  SteadyTime steady() const override { return std::chrono::steady_clock::now(); }
};

}  // namespace mobilecs::runtime
