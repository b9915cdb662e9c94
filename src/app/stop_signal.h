#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <utility>

namespace mobilecs::app {

// SIGINT and SIGTERM as stop requests, in two stages, so that every role ends within
// kShutdownBound whatever is down:
//  - soft: the first signal. Roles stop taking input and commit what they have;
//  - hard: kGracePeriod later, or at a second signal. Every wait and retry gives up; nothing
//    half-done is committed (the next start redoes it).
// Should anything still block after kShutdownBound, the process exits with code 3 and says so.
class StopSignals {
 public:
  static constexpr auto kGracePeriod = std::chrono::seconds(5);
  static constexpr auto kShutdownBound = std::chrono::seconds(9);

  // Call first in main, before any thread starts: the signals are blocked in every thread and
  // taken by one of their own.
  static void install();
  static std::stop_token soft();
  static std::stop_token hard();
  // Runs `reload` at each SIGHUP (on the signal thread), certificates and keys read again,
  // while the returned registration lives (its end waits for a reload in progress).
  class Registration {
   public:
    explicit Registration(std::uint64_t id) : id_(id) {}
    Registration(Registration&& other) noexcept : id_(std::exchange(other.id_, 0)) {}
    Registration& operator=(Registration&&) = delete;
    ~Registration();

   private:
    std::uint64_t id_;
  };
  [[nodiscard]] static Registration on_hangup(std::function<void()> reload);
};

}  // namespace mobilecs::app
