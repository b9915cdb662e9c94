#include "core/windowing/usage_window.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

Uuid id(std::uint8_t n) {
  Uuid u;
  u.bytes[15] = n;
  return u;
}

TEST(UsageWindowFunction, SumsBytesAndKeepsTheLatestRecord) {
  UsageWindow w;
  add_to_window(w, 200, id(1), 10);
  add_to_window(w, 100, id(2), 5);  // out of order: not the latest
  EXPECT_EQ(w.total_recorded_bytes, 15);
  EXPECT_EQ(w.record_count, 2);
  EXPECT_EQ(w.latest_recorded_at, 200);
  EXPECT_EQ(w.latest_internal_record_id, id(1));
  add_to_window(w, 300, id(3), 0);
  EXPECT_EQ(w.latest_internal_record_id, id(3));
}

TEST(UsageWindowFunction, OnATieTheRecordAddedLastIsTheLatest) {
  UsageWindow w;
  add_to_window(w, 200, id(1), 1);
  add_to_window(w, 200, id(2), 1);
  EXPECT_EQ(w.latest_internal_record_id, id(2));
}

TEST(UsageWindowFunction, TheFirstRecordIsTheLatestEvenBeforeTheEpoch) {
  UsageWindow w;
  add_to_window(w, -5000, id(7), 0);
  EXPECT_EQ(w.latest_recorded_at, -5000);
  EXPECT_EQ(w.latest_internal_record_id, id(7));
}

TEST(UsageWindowFunction, TheSumSaturatesInsteadOfWrapping) {
  UsageWindow w;
  add_to_window(w, 1, id(1), std::numeric_limits<std::int64_t>::max());
  add_to_window(w, 2, id(2), 10);
  EXPECT_EQ(w.total_recorded_bytes, std::numeric_limits<std::int64_t>::max());
}

}  // namespace
}  // namespace mobilecs::core
