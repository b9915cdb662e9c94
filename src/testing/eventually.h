#pragma once

// Waiting on observable state in tests: the one poll loop they all use.
#include <chrono>
#include <thread>

namespace mobilecs::testing {

// Polls `condition` until it returns true or `within` has passed; whether it did. The condition
// is asked at least once, and once more when the time is up.
template <class Condition>
bool eventually(Condition&& condition, std::chrono::milliseconds within = std::chrono::seconds(20),
                std::chrono::milliseconds every = std::chrono::milliseconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(every);
  }
  return true;
}

}  // namespace mobilecs::testing
