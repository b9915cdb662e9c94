#pragma once

#include <pthread.h>

#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <utility>

namespace mobilecs::runtime {

// Names the calling thread (15 characters at most), for top, perf and debuggers.
inline void name_this_thread(const char* name) { pthread_setname_np(pthread_self(), name); }

// One job at a time on another thread: submit() waits for the previous job (rethrowing what it
// threw) before starting the next, so the caller overlaps its own work with exactly one job.
class BackgroundTask {
 public:
  explicit BackgroundTask(const char* thread_name) : thread_name_(thread_name) {}
  ~BackgroundTask() {
    if (running_.valid()) running_.wait();
  }
  template <class Job>
  void submit(Job&& job) {
    wait();
    running_ = std::async(std::launch::async,
                          [name = thread_name_, job = std::forward<Job>(job)]() mutable {
                            name_this_thread(name);
                            job();
                          });
  }
  void wait() {
    if (running_.valid()) running_.get();
  }
  // Whether the job submitted last is still running.
  bool busy() const {
    return running_.valid() &&
           running_.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
  }

 private:
  const char* thread_name_;
  std::future<void> running_;
};

// Runs a producer one step ahead on another thread: while the caller uses one result, the next
// is being made. A producer that has nothing (nullopt) is asked again only on the next call.
template <class T>
class Prefetcher {
 public:
  Prefetcher(const char* thread_name, std::function<std::optional<T>()> produce)
      : produce_([thread_name, produce = std::move(produce)] {
          name_this_thread(thread_name);
          return produce();
        }) {}
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
  // Drops the result being made, once made: the next call to next() asks afresh.
  void discard() {
    if (next_.valid()) next_.get();
  }

 private:
  std::function<std::optional<T>()> produce_;
  std::future<std::optional<T>> next_;
};

}  // namespace mobilecs::runtime
