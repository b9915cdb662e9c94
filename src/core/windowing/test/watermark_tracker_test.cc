#include "core/windowing/watermark_tracker.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

TEST(WatermarkTracker, IsTheGreatestEventTimeMinusOutOfOrdernessMinusOne) {
  WatermarkTracker t(/*allowed_out_of_orderness=*/0, /*idle_timeout=*/1000);
  t.assign(PartitionId{0}, kNoWatermark, 0);
  EXPECT_EQ(t.current(), kNoWatermark);
  EXPECT_TRUE(t.on_event(PartitionId{0}, 5000, 0));
  EXPECT_EQ(t.current(), 4999);
  EXPECT_FALSE(t.on_event(PartitionId{0}, 3000, 0));  // late events do not move it back
  EXPECT_EQ(t.current(), 4999);

  WatermarkTracker lenient(/*allowed_out_of_orderness=*/100, 1000);
  lenient.assign(PartitionId{0}, kNoWatermark, 0);
  lenient.on_event(PartitionId{0}, 5000, 0);
  EXPECT_EQ(lenient.current(), 4899);
}

TEST(WatermarkTracker, IsTheMinimumOverPartitions) {
  WatermarkTracker t(0, 1000);
  t.assign(PartitionId{0}, kNoWatermark, 0);
  t.assign(PartitionId{1}, kNoWatermark, 0);
  EXPECT_FALSE(t.on_event(PartitionId{0}, 5000, 0));  // partition 1 has seen nothing yet
  EXPECT_EQ(t.current(), kNoWatermark);
  EXPECT_TRUE(t.on_event(PartitionId{1}, 3000, 0));
  EXPECT_EQ(t.current(), 2999);
  EXPECT_TRUE(t.on_event(PartitionId{1}, 9000, 0));
  EXPECT_EQ(t.current(), 4999);
}

TEST(WatermarkTracker, ACaughtUpQuietPartitionStopsHoldingItBack) {
  WatermarkTracker t(0, /*idle_timeout=*/1000);
  t.assign(PartitionId{0}, kNoWatermark, 0);
  t.assign(PartitionId{1}, kNoWatermark, 0);
  t.on_event(PartitionId{0}, 5000, 100);
  EXPECT_FALSE(t.on_caught_up(PartitionId{1}, true, 500));  // not quiet long enough
  EXPECT_FALSE(t.on_processing_time(999));
  EXPECT_TRUE(t.on_processing_time(1000));  // quiet since 0, caught up
  EXPECT_EQ(t.current(), 4999);
}

TEST(WatermarkTracker, APartitionThatIsBehindHoldsItBackHoweverQuiet) {
  WatermarkTracker t(0, 1000);
  t.assign(PartitionId{0}, kNoWatermark, 0);
  t.assign(PartitionId{1}, kNoWatermark, 0);
  t.on_event(PartitionId{0}, 5000, 0);
  EXPECT_FALSE(t.on_processing_time(100'000));  // partition 1 not caught up
  EXPECT_EQ(t.current(), kNoWatermark);
}

TEST(WatermarkTracker, WhenAllPartitionsAreIdleTheGreatestCounts) {
  WatermarkTracker t(0, 1000);
  t.assign(PartitionId{0}, kNoWatermark, 0);
  t.assign(PartitionId{1}, kNoWatermark, 0);
  t.on_event(PartitionId{0}, 5000, 0);
  t.on_event(PartitionId{1}, 3000, 0);
  EXPECT_EQ(t.current(), 2999);
  t.on_caught_up(PartitionId{0}, true, 0);
  t.on_caught_up(PartitionId{1}, true, 0);
  EXPECT_TRUE(t.on_processing_time(2000));
  EXPECT_EQ(t.current(), 4999);
}

TEST(WatermarkTracker, NeverGoesBackWhenAnIdlePartitionWakesUp) {
  WatermarkTracker t(0, 1000);
  t.assign(PartitionId{0}, kNoWatermark, 0);
  t.assign(PartitionId{1}, kNoWatermark, 0);
  t.on_event(PartitionId{0}, 5000, 0);
  t.on_caught_up(PartitionId{1}, true, 0);
  t.on_processing_time(2000);
  EXPECT_EQ(t.current(), 4999);
  t.on_caught_up(PartitionId{1}, false, 2000);
  t.on_event(PartitionId{1}, 1000, 2000);
  EXPECT_EQ(t.current(), 4999);
}

TEST(WatermarkTracker, IsComputedAfreshWhenThePartitionsChange) {
  WatermarkTracker t(0, 1000);
  t.assign(PartitionId{0}, kNoWatermark, 0);
  t.on_event(PartitionId{0}, 5000, 0);
  EXPECT_EQ(t.current(), 4999);
  t.assign(PartitionId{1}, 2000, 0);  // taken over from another process, behind this one
  EXPECT_EQ(t.current(), 1999);
  t.revoke(PartitionId{1});
  t.on_processing_time(0);
  EXPECT_EQ(t.current(), 4999);
}

TEST(WatermarkTracker, ResumesFromARestoredEventTime) {
  WatermarkTracker t(0, 1000);
  t.assign(PartitionId{0}, 7000, 0);
  EXPECT_EQ(t.current(), 6999);
  EXPECT_EQ(t.max_event_time(PartitionId{0}), 7000);
}

}  // namespace
}  // namespace mobilecs::core
