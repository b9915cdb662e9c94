#include "metrics/registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace mobilecs::metrics {
namespace {

void add_double(std::atomic<double>& target, double value) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + value, std::memory_order_relaxed)) {
  }
}

std::string escape_label_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string label_text(const Registry::Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (const auto& [name, value] : labels) {
    if (out.size() > 1) out += ',';
    out += fmt::format("{}=\"{}\"", name, escape_label_value(value));
  }
  return out + "}";
}

std::string number_text(double v) { return fmt::format("{}", v); }

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
  std::sort(bounds_.begin(), bounds_.end());
  counts_.resize(bounds_.size() + 1);
}

void Histogram::observe(double value) {
  const auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  counts_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
  add_double(sum_, value);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  std::uint64_t running = 0;
  for (const auto& c : counts_) {
    running += c.load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

std::vector<double> latency_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

Registry::Family& Registry::family(const std::string& name, const std::string& help,
                                   const std::string& type) {
  for (auto& f : families_) {
    if (f.name == name) {
      if (f.type != type) throw std::logic_error("metric " + name + " registered twice");
      return f;
    }
  }
  return families_.emplace_back(Family{name, help, type, {}, {}, nullptr, {}});
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& c = counters_.emplace_back();
  family(name, help, "counter").counters.emplace_back(labels, &c);
  return c;
}

void Registry::expose(const std::string& name, const std::string& help, Counter& counter) {
  std::lock_guard lock(mutex_);
  family(name, help, "counter").counters.emplace_back(Labels{}, &counter);
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& g = gauges_.emplace_back();
  family(name, help, "gauge").gauges.emplace_back(labels, &g);
  return g;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               std::vector<double> upper_bounds) {
  std::lock_guard lock(mutex_);
  auto& h = histograms_.emplace_back(std::move(upper_bounds));
  family(name, help, "histogram").histogram = &h;
  return h;
}

void Registry::gauge_callback(const std::string& name, const std::string& help,
                              std::function<std::vector<std::pair<Labels, double>>()> sample) {
  std::lock_guard lock(mutex_);
  family(name, help, "gauge").sample = std::move(sample);
}

std::string Registry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& f : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", f.name, f.help, f.name, f.type);
    for (const auto& [labels, c] : f.counters) {
      out += fmt::format("{}{} {}\n", f.name, label_text(labels), c->value());
    }
    for (const auto& [labels, g] : f.gauges) {
      out += fmt::format("{}{} {}\n", f.name, label_text(labels), number_text(g->value()));
    }
    if (f.sample) {
      for (const auto& [labels, value] : f.sample()) {
        out += fmt::format("{}{} {}\n", f.name, label_text(labels), number_text(value));
      }
    }
    if (f.histogram != nullptr) {
      const auto s = f.histogram->snapshot();
      const auto& bounds = f.histogram->upper_bounds();
      for (std::size_t i = 0; i < bounds.size(); ++i) {
        out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", f.name, number_text(bounds[i]),
                           s.cumulative[i]);
      }
      out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n", f.name, s.cumulative.back());
      out += fmt::format("{}_sum {}\n{}_count {}\n", f.name, number_text(s.sum), f.name,
                         s.cumulative.back());
    }
  }
  return out;
}

}  // namespace mobilecs::metrics
