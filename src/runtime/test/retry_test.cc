#include "runtime/retry.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "metrics/process_counters.h"

namespace mobilecs::runtime {
namespace {

using namespace std::chrono_literals;

RetryPolicy fast(std::string what) {
  return RetryPolicy{std::move(what), BackoffConfig{1ms, 4ms}, std::nullopt};
}

TEST(RetryWithMitigation, RetriesTransientFailuresUntilTheAttemptSucceeds) {
  std::stop_source stop;
  int attempts = 0;
  int mitigations = 0;
  const int result = retry_with_mitigation(
      fast("flaky"), stop.get_token(),
      [&] {
        if (++attempts < 4) throw std::runtime_error("unreachable");
        return 42;
      },
      [&](const std::exception&) {
        ++mitigations;
        return Recovery::kRetry;
      });
  EXPECT_EQ(result, 42);
  EXPECT_EQ(attempts, 4);
  EXPECT_EQ(mitigations, 3);
}

TEST(RetryWithMitigation, CountsEachFailureItRetriesForTheMetrics) {
  std::stop_source stop;
  const std::uint64_t before = metrics::failed_attempts().value();
  int attempts = 0;
  retry_with_mitigation(
      fast("flaky"), stop.get_token(),
      [&] {
        if (++attempts < 3) throw std::runtime_error("unreachable");
      },
      [](const std::exception&) { return Recovery::kRetry; });
  EXPECT_EQ(metrics::failed_attempts().value() - before, 2u);
  // A failure given up on is the caller's to report, not a retry.
  EXPECT_THROW(retry_with_mitigation(
                   fast("doomed"), stop.get_token(), [] { throw std::invalid_argument("bad"); },
                   [](const std::exception&) { return Recovery::kGiveUp; }),
               std::invalid_argument);
  EXPECT_EQ(metrics::failed_attempts().value() - before, 2u);
}

TEST(RetryWithMitigation, MitigatesBeforeTheNextAttempt) {
  std::stop_source stop;
  bool repaired = false;
  int attempts = 0;
  retry_with_mitigation(
      fast("transaction"), stop.get_token(),
      [&] {
        ++attempts;
        if (!repaired) throw std::runtime_error("needs abort");
      },
      [&](const std::exception&) {
        repaired = true;
        return Recovery::kRetry;
      });
  EXPECT_EQ(attempts, 2);
}

TEST(RetryWithMitigation, AFailureThatWillNotGoAwayReachesTheCaller) {
  std::stop_source stop;
  int attempts = 0;
  EXPECT_THROW(retry_with_mitigation(
                   fast("doomed"), stop.get_token(),
                   [&] {
                     ++attempts;
                     throw std::invalid_argument("bad configuration");
                   },
                   [](const std::exception& e) {
                     return dynamic_cast<const std::invalid_argument*>(&e) ? Recovery::kGiveUp
                                                                           : Recovery::kRetry;
                   }),
               std::invalid_argument);
  EXPECT_EQ(attempts, 1);
}

TEST(RetryWithMitigation, GivesUpAfterItsTimeLimitWithTheLastFailure) {
  std::stop_source stop;
  RetryPolicy policy = fast("bounded");
  policy.give_up_after = 20ms;
  EXPECT_THROW(retry_with_mitigation(
                   policy, stop.get_token(), [] { throw std::runtime_error("down"); },
                   [](const std::exception&) { return Recovery::kRetry; }),
               std::runtime_error);
}

TEST(RetryWithMitigation, AStopRequestEndsTheBackoffAtOnce) {
  std::stop_source stop;
  RetryPolicy policy{"slow", BackoffConfig{std::chrono::hours(1), std::chrono::hours(1)},
                     std::nullopt};
  std::thread stopper([&] {
    std::this_thread::sleep_for(20ms);
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(retry_with_mitigation(
                   policy, stop.get_token(), [] { throw std::runtime_error("down"); },
                   [](const std::exception&) { return Recovery::kRetry; }),
               Stopped);
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST(RetryWithMitigation, NothingIsAttemptedOnceStopped) {
  std::stop_source stop;
  stop.request_stop();
  int attempts = 0;
  EXPECT_THROW(retry_with_mitigation(
                   fast("never"), stop.get_token(), [&] { ++attempts; },
                   [](const std::exception&) { return Recovery::kRetry; }),
               Stopped);
  EXPECT_EQ(attempts, 0);
}

TEST(RetryWithMitigation, AMitigationThatThrowsEndsTheRetryWithItsException) {
  std::stop_source stop;
  int attempts = 0;
  EXPECT_THROW(retry_with_mitigation(
                   fast("unrepairable"), stop.get_token(),
                   [&] {
                     ++attempts;
                     throw std::runtime_error("broken");
                   },
                   [](const std::exception&) -> Recovery { throw std::logic_error("cannot"); }),
               std::logic_error);
  EXPECT_EQ(attempts, 1);
}

TEST(Backoff, DoublesUpToItsMaximumAndStartsOverOnReset) {
  Backoff backoff(BackoffConfig{100ms, 300ms});
  EXPECT_EQ(backoff.next(), 100ms);
  EXPECT_EQ(backoff.next(), 200ms);
  EXPECT_EQ(backoff.next(), 300ms);
  EXPECT_EQ(backoff.next(), 300ms);
  backoff.reset();
  EXPECT_EQ(backoff.next(), 100ms);
}

TEST(SleepFor, ReturnsFalseWhenCutShortByAStop) {
  std::stop_source stop;
  EXPECT_TRUE(sleep_for(stop.get_token(), 1ms));
  std::thread stopper([&] { stop.request_stop(); });
  EXPECT_FALSE(sleep_for(stop.get_token(), std::chrono::hours(1)));
  stopper.join();
}

}  // namespace
}  // namespace mobilecs::runtime
