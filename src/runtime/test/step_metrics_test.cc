#include "runtime/step_metrics.h"

#include <gtest/gtest.h>

#include "core/windowing/watermark_tracker.h"

namespace mobilecs::runtime {
namespace {

TEST(StepMetrics, CountsACommittedStepAndShowsItsWatermarkInSeconds) {
  metrics::Registry registry;
  metrics::PipelineMetrics pipeline(registry);
  StepMetrics steps(&pipeline);
  StepSummary summary;
  summary.records = 5;
  summary.data_records = 4;
  summary.watermark = core::kNoWatermark;  // nothing seen yet: the gauge stays as it was
  steps.on_committed(summary, {}, {});
  EXPECT_EQ(pipeline.watermark_seconds.value(), 0);
  summary.watermark = 1'577'836'800'500;  // 2020-01-01T00:00:00.5Z
  steps.on_committed(summary, {}, {});
  EXPECT_EQ(pipeline.watermark_seconds.value(), 1'577'836'800.5);
  EXPECT_EQ(pipeline.records_imported.value(), 10u);
  EXPECT_EQ(pipeline.records_matched.value(), 8u);
  EXPECT_NE(registry.render().find("mobilecs_watermark_seconds 1577836800.5\n"), std::string::npos)
      << registry.render();
  EXPECT_NE(registry.render().find("# TYPE mobilecs_failed_attempts_total counter\n"),
            std::string::npos);
}

}  // namespace
}  // namespace mobilecs::runtime
