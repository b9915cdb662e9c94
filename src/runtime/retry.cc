#include "runtime/retry.h"

#include <spdlog/spdlog.h>

#include "metrics/process_counters.h"

namespace mobilecs::runtime {

constexpr std::uint64_t kLogEvery = 10;

Retrier::Retrier(RetryPolicy policy)
    : policy_(std::move(policy)),
      started_(std::chrono::steady_clock::now()),
      backoff_(policy_.backoff) {}

void Retrier::on_failure(const std::exception& failure, const Mitigation& mitigate,
                         const std::stop_token& stop) {
  const Recovery recovery = mitigate(failure);
  const auto elapsed = std::chrono::steady_clock::now() - started_;
  if (recovery == Recovery::kGiveUp ||
      (policy_.give_up_after && elapsed >= *policy_.give_up_after)) {
    throw;
  }
  metrics::failed_attempts().add();
  const std::chrono::milliseconds wait = backoff_.next();
  if (failures_++ % kLogEvery == 0) {
    spdlog::warn("{} failed{}: {}; retrying in {} ms", policy_.what,
                 failures_ > 1 ? fmt::format(" ({} times)", failures_) : "", failure.what(),
                 wait.count());
  }
  if (!sleep_for(stop, wait)) throw Stopped();
}

void Retrier::on_success() {
  if (failures_ == 0) return;
  spdlog::info("{} succeeded after {} failed attempt(s) in {:.1f} s", policy_.what, failures_,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  failures_ = 0;
  backoff_.reset();
  started_ = std::chrono::steady_clock::now();
}

}  // namespace mobilecs::runtime
