#pragma once

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "runtime/stop.h"

namespace mobilecs::runtime {

// What to do after a failed attempt, decided once per failure by the adapter's classifier
// (kafka::retry_while_unreachable, store::retry_while_retryable), never by flags scattered over
// the call sites. Whatever the attempt left behind (an open transaction, a broken client) the
// classifier repairs before it answers kRetry.
enum class Recovery {
  kRetry,   // transient (a server unreachable, a timeout): the attempt again after a backoff
  kGiveUp,  // will not get better by trying: the failure goes to the caller
};

// The waits between attempts: `initial`, doubled after each failure up to `max`. A role's
// comes from its configuration (--retry-backoff-ms, --retry-backoff-max-ms).
struct BackoffConfig {
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds max{5000};
};

struct RetryPolicy {
  std::string what;  // what is attempted, for the log: "writing data records to Cassandra"
  BackoffConfig backoff;
  // Stop retrying after this long and let the last failure through; nullopt: until stopped.
  std::optional<std::chrono::milliseconds> give_up_after;
};

// Exponential backoff: initial, doubled after each failure up to max, back to initial on reset.
class Backoff {
 public:
  explicit Backoff(BackoffConfig config)
      : initial_(config.initial), max_(config.max), next_(config.initial) {}
  std::chrono::milliseconds next() {
    const auto current = next_;
    next_ = std::min(next_ * 2, max_);
    return current;
  }
  void reset() { next_ = initial_; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds next_;
};

// Classifies a failure and does what recovery needs before the next attempt (abort the
// transaction, replace the producer, go back to what is committed). A mitigation that throws
// ends the retry with its exception.
using Mitigation = std::function<Recovery(const std::exception& failure)>;

// The state of one retry policy across attempts: what retry_with_mitigation keeps between its
// attempts, for a loop that cannot be one call (the step runner, whose attempts are steps).
class Retrier {
 public:
  explicit Retrier(RetryPolicy policy);
  // Call in a catch block: classifies and mitigates the failure, logs it (the first, then
  // every tenth), then waits the backoff. Throws Stopped if a stop is requested, or rethrows
  // the failure when giving up.
  void on_failure(const std::exception& failure, const Mitigation& mitigate,
                  const std::stop_token& stop);
  // The attempts succeed again: says so if they had failed, and starts the backoff over.
  void on_success();

 private:
  RetryPolicy policy_;
  std::chrono::steady_clock::time_point started_;
  Backoff backoff_;
  std::uint64_t failures_ = 0;
};

// The one retry loop of mobilecs: calls `attempt` until it returns, and after each failure lets
// `mitigate` classify it and repair what it left (see Recovery), then backs off exponentially.
// Every wait ends early on a stop request (throws Stopped). Logs the first failure, then every
// tenth, and the recovery.
template <class Attempt>
auto retry_with_mitigation(const RetryPolicy& policy, const std::stop_token& stop,
                           Attempt&& attempt, const Mitigation& mitigate) -> decltype(attempt()) {
  Retrier state(policy);
  for (;;) {
    throw_if_stopped(stop);
    try {
      if constexpr (std::is_void_v<decltype(attempt())>) {
        attempt();
        state.on_success();
        return;
      } else {
        auto result = attempt();
        state.on_success();
        return result;
      }
    } catch (const Stopped&) {
      throw;
    } catch (const std::exception& failure) {
      state.on_failure(failure, mitigate, stop);
    }
  }
}

}  // namespace mobilecs::runtime
