#include "metrics/registry.h"

#include <gtest/gtest.h>

namespace mobilecs::metrics {
namespace {

TEST(Registry, RendersCountersWithTheirLabelsUnderOneFamilyHeader) {
  Registry r;
  r.counter("n_total", "Things", {{"type", "A"}}).add(2);
  r.counter("n_total", "Things", {{"type", "B\"x"}}).add();
  EXPECT_EQ(r.render(),
            "# HELP n_total Things\n# TYPE n_total counter\n"
            "n_total{type=\"A\"} 2\nn_total{type=\"B\\\"x\"} 1\n");
}

TEST(Registry, HistogramBucketsAreCumulativeAndEndWithInf) {
  Registry r;
  auto& h = r.histogram("lat_seconds", "Latency", {0.1, 1});
  h.observe(0.05);
  h.observe(0.1);  // a bound is inclusive
  h.observe(0.5);
  h.observe(7);
  EXPECT_EQ(r.render(),
            "# HELP lat_seconds Latency\n# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{le=\"0.1\"} 2\nlat_seconds_bucket{le=\"1\"} 3\n"
            "lat_seconds_bucket{le=\"+Inf\"} 4\nlat_seconds_sum 7.65\nlat_seconds_count 4\n");
}

TEST(Registry, GaugeCallbacksAreSampledAtEachRender) {
  Registry r;
  int calls = 0;
  r.gauge_callback("lag", "Lag", [&] {
    ++calls;
    return std::vector<std::pair<Registry::Labels, double>>{{{{"partition", "0"}}, 5.0 * calls}};
  });
  EXPECT_NE(r.render().find("lag{partition=\"0\"} 5\n"), std::string::npos);
  EXPECT_NE(r.render().find("lag{partition=\"0\"} 10\n"), std::string::npos);
}

TEST(Registry, ExposesACounterOwnedElsewhereWithItsCurrentValue) {
  Counter process_wide;
  Registry r;
  r.expose("failed_total", "Failures", process_wide);
  process_wide.add(3);
  EXPECT_EQ(r.render(),
            "# HELP failed_total Failures\n# TYPE failed_total counter\nfailed_total 3\n");
}

TEST(Registry, OneNameCannotBeTwoTypes) {
  Registry r;
  r.counter("x", "X");
  EXPECT_THROW(r.gauge("x", "X"), std::logic_error);
}

}  // namespace
}  // namespace mobilecs::metrics
