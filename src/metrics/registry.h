#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace mobilecs::metrics {

// A value that only goes up. Lock-free: hot paths add to it.
class Counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  // For counters mirrored from a single-threaded owner's own totals.
  void set(std::uint64_t n) { value_.store(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down.
class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Observations counted into fixed buckets (upper bounds, seconds), as Prometheus histograms.
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double value);

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // per bound, then +Inf
    double sum = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& upper_bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::deque<std::atomic<std::uint64_t>> counts_;  // per bucket, then +Inf; atomics don't move
  std::atomic<double> sum_{0};
};

// Latency buckets from 100 µs to 10 s.
std::vector<double> latency_buckets();

// Named metrics rendered in the Prometheus text exposition format (version 0.0.4). Metrics are
// registered once at start-up and live as long as the registry; reads and updates are
// thread-safe.
class Registry {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;

  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help,
                       std::vector<double> upper_bounds);
  // A counter that lives elsewhere (one of the whole process), served from here as well.
  void expose(const std::string& name, const std::string& help, Counter& counter);
  // A gauge computed at each scrape (e.g. consumer lag asked of the broker); `sample` returns
  // the labelled values.
  void gauge_callback(const std::string& name, const std::string& help,
                      std::function<std::vector<std::pair<Labels, double>>()> sample);

  std::string render() const;

 private:
  struct Family {
    std::string name;
    std::string help;
    std::string type;
    std::vector<std::pair<Labels, Counter*>> counters;
    std::vector<std::pair<Labels, Gauge*>> gauges;
    Histogram* histogram = nullptr;
    std::function<std::vector<std::pair<Labels, double>>()> sample;
  };
  Family& family(const std::string& name, const std::string& help, const std::string& type);

  mutable std::mutex mutex_;
  std::deque<Family> families_;
  std::deque<Counter> counters_;
  std::deque<Gauge> gauges_;
  std::deque<Histogram> histograms_;
};

}  // namespace mobilecs::metrics
