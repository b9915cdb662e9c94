#pragma once

#include <chrono>
#include <stdexcept>
#include <stop_token>

namespace mobilecs::runtime {

// Thrown out of a wait that a stop request cut short: the work in hand is abandoned (nothing
// half-done is ever committed) and the role shuts down.
class Stopped : public std::runtime_error {
 public:
  Stopped() : std::runtime_error("stop requested") {}
};

// Waits `duration`, or less if `stop` is requested meanwhile; false if it was.
bool sleep_for(const std::stop_token& stop, std::chrono::nanoseconds duration);

// Throws Stopped if `stop` has been requested.
inline void throw_if_stopped(const std::stop_token& stop) {
  if (stop.stop_requested()) throw Stopped();
}

}  // namespace mobilecs::runtime
