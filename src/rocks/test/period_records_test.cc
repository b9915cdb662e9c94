#include "rocks/period_records.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mobilecs::rocks {
namespace {

PeriodRecord record(core::EpochMillis at, std::uint8_t id, std::int64_t bytes) {
  PeriodRecord r;
  r.recorded_at = at;
  r.internal_record_id.bytes[15] = id;
  r.recorded_bytes = bytes;
  return r;
}

std::string list_of(std::initializer_list<PeriodRecord> records) {
  std::string list;
  begin_period_records(list);
  for (const PeriodRecord& r : records) append_period_record(list, r);
  return list;
}

std::vector<PeriodRecord> combined(std::initializer_list<std::string_view> lists) {
  std::string out;
  EXPECT_TRUE(combine_period_records(std::vector<std::string_view>(lists), out));
  return decode_period_records(out);
}

TEST(PeriodRecords, RoundTripsNegativeAndExtremeValues) {
  const std::vector<PeriodRecord> records = {record(INT64_MAX, 1, INT64_MAX), record(-5, 2, -1),
                                             record(INT64_MIN, 3, 0)};
  std::string list;
  begin_period_records(list);
  for (const PeriodRecord& r : records) append_period_record(list, r);
  EXPECT_EQ(list.size(), 1 + 3 * kPeriodRecordSize);
  EXPECT_EQ(decode_period_records(list), records);
}

TEST(PeriodRecords, CombinesListsNewestFirstThenById) {
  const auto a = list_of({record(3000, 1, 10), record(1000, 1, 11)});
  const auto b = list_of({record(2000, 2, 20), record(1000, 0, 21)});
  EXPECT_EQ(combined({a, b}), (std::vector{record(3000, 1, 10), record(2000, 2, 20),
                                           record(1000, 0, 21), record(1000, 1, 11)}));
}

TEST(PeriodRecords, ALaterListReplacesARecordWithTheSameKey) {
  const auto first = list_of({record(2000, 1, 10), record(1000, 2, 20)});
  const auto second = list_of({record(2000, 1, 99)});
  const auto third = list_of({record(2000, 1, 77), record(1000, 3, 30)});
  EXPECT_EQ(combined({first, second}), (std::vector{record(2000, 1, 99), record(1000, 2, 20)}));
  EXPECT_EQ(combined({first, second, third}),
            (std::vector{record(2000, 1, 77), record(1000, 2, 20), record(1000, 3, 30)}));
  // A step replayed after a crash writes the same records again: stored once.
  EXPECT_EQ(combined({first, first}), decode_period_records(first));
}

TEST(PeriodRecords, HowListsAreGroupedDoesNotChangeTheResult) {
  const auto a = list_of({record(5000, 1, 1), record(1000, 2, 2)});
  const auto b = list_of({record(4000, 3, 3)});
  const auto c = list_of({record(4000, 3, 4), record(3000, 4, 5)});
  std::string ab;
  ASSERT_TRUE(combine_period_records(std::vector<std::string_view>{a, b}, ab));
  std::string bc;
  ASSERT_TRUE(combine_period_records(std::vector<std::string_view>{b, c}, bc));
  EXPECT_EQ(combined({ab, c}), combined({a, b, c}));
  EXPECT_EQ(combined({a, bc}), combined({a, b, c}));
}

TEST(PeriodRecords, RefusesMalformedLists) {
  std::string out;
  const std::string truncated = list_of({record(1, 1, 1)}).substr(0, 20);
  const std::string unknown_format = "\x02" + list_of({record(1, 1, 1)}).substr(1);
  EXPECT_FALSE(combine_period_records(std::vector<std::string_view>{truncated}, out));
  EXPECT_FALSE(combine_period_records(std::vector<std::string_view>{unknown_format}, out));
  EXPECT_FALSE(combine_period_records(std::vector<std::string_view>{""}, out));
  try {
    decode_period_records(truncated);
    FAIL() << "decoded a truncated list";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("corrupt billing period records"), std::string::npos);
  }
}

}  // namespace
}  // namespace mobilecs::rocks
