#pragma once

#include <functional>
#include <future>
#include <optional>
#include <utility>

namespace mobilecs::embedded {

// One job at a time on another thread: submit() waits for the previous job (rethrowing what it
// threw) before starting the next, so the caller overlaps its own work with exactly one job.
class BackgroundTask {
 public:
  ~BackgroundTask() {
    if (running_.valid()) running_.wait();
  }
  template <class Job>
  void submit(Job&& job) {
    wait();
    running_ = std::async(std::launch::async, std::forward<Job>(job));
  }
  void wait() {
    if (running_.valid()) running_.get();
  }

 private:
  std::future<void> running_;
};

// Runs a producer one step ahead on another thread: while the caller uses one result, the next
// is being made. A producer that has nothing (nullopt) is asked again only on the next call.
template <class T>
class Prefetcher {
 public:
  explicit Prefetcher(std::function<std::optional<T>()> produce) : produce_(std::move(produce)) {}
  ~Prefetcher() {
    if (next_.valid()) next_.wait();
  }

  std::optional<T> next() {
    if (!next_.valid()) {
      next_ = std::async(std::launch::async, produce_);
    }
    std::optional<T> result = next_.get();
    if (result) {
      next_ = std::async(std::launch::async, produce_);
    }
    return result;
  }

 private:
  std::function<std::optional<T>()> produce_;
  std::future<std::optional<T>> next_;
};

}  // namespace mobilecs::embedded
