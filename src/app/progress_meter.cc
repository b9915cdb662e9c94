#include "app/progress_meter.h"

#include <fmt/format.h>

#include <cstdio>

namespace mobilecs::app {

ProgressMeter::ProgressMeter(std::string what, std::uint64_t total)
    : what_(std::move(what)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void ProgressMeter::add(std::uint64_t done) {
  done_ += done;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ >= std::chrono::seconds(1)) {
    last_ = now;
    report(false);
  }
}

void ProgressMeter::finish() { report(true); }

void ProgressMeter::report(bool final) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = seconds > 0 ? done_ / seconds : 0.0;
  if (final) {
    fmt::print(stderr, "{}: {} done in {:.1f} s ({:.0f}/s)\n", what_, done_, seconds, rate);
  } else {
    fmt::print(stderr, "{}: {} of {} ({:.0f}%), {:.0f}/s\n", what_, done_, total_,
               total_ > 0 ? 100.0 * done_ / total_ : 100.0, rate);
  }
}

}  // namespace mobilecs::app
