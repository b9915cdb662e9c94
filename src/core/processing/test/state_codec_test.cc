#include "core/processing/state_codec.h"

#include <gtest/gtest.h>

#include "core/processing/byte_codec.h"

namespace mobilecs::core {
namespace {

TEST(StateCodec, KeysRoundTripAndSortByPartitionThenMsisdnThenArrival) {
  const MsisdnKey m = *MsisdnKey::parse("48917846822");
  const StateKey k = decode_state_key(pending_key(PartitionId{3}, m, 42));
  EXPECT_EQ(k.kind, StateEntryKind::kPending);
  EXPECT_EQ(k.partition, PartitionId{3});
  EXPECT_EQ(k.msisdn, m);
  EXPECT_EQ(k.seq, 42u);
  EXPECT_LT(pending_key(PartitionId{3}, m, 9), pending_key(PartitionId{3}, m, 10));
  EXPECT_LT(subscriber_key(PartitionId{1}, m), subscriber_key(PartitionId{2}, m));
  EXPECT_EQ(decode_state_key(partition_key(PartitionId{5})).partition, PartitionId{5});
}

TEST(StateCodec, RejectsForeignKeys) {
  EXPECT_THROW(decode_state_key("X12"), std::runtime_error);
  EXPECT_THROW(decode_state_key("S"), std::runtime_error);
  EXPECT_THROW(decode_state_key(subscriber_key(PartitionId{1}, *MsisdnKey::parse("48")) + "x"),
               std::runtime_error);
}

TEST(StateCodec, SubscriberRoundTrips) {
  TimeZones zones;
  SubscriberState s;
  AgreementTerms a;
  a.id.bytes[3] = 7;
  a.signed_at = Instant{-5, 12};
  a.service_start_at = Instant{1577833200, 999};
  a.time_zone = zones.find("America/Havana");
  a.max_bytes_in_billing_period = 5368709120;
  s.agreements.upsert(a);
  UsageWindow w;
  w.agreement_id = a.id;
  w.year = 2020;
  w.month = 11;
  w.end = 1606798800000;
  w.record_count = 3;
  w.total_recorded_bytes = 123456789012;
  w.latest_recorded_at = 1604203200000;
  w.latest_internal_record_id.bytes[0] = 9;
  w.plan_exceeded_notified = true;
  s.windows.push_back(w);

  SubscriberState back;
  decode_subscriber(encode_subscriber(s), zones, back);
  EXPECT_EQ(back.agreements.agreements(), s.agreements.agreements());
  EXPECT_EQ(back.windows, s.windows);
}

TEST(StateCodec, PoliciesAndAlertStateRoundTrip) {
  TimeZones zones;
  SubscriberState s;
  AgreementTerms a;
  a.id.bytes[3] = 7;
  a.time_zone = zones.find("UTC");
  auto policy = std::make_shared<UsagePolicy>();
  policy->thresholds = {{UsageThreshold::Kind::kPercentOfPlan, 90},
                        {UsageThreshold::Kind::kBytes, 1LL << 40}};
  policy->over_plan_step_bytes = 1 << 20;
  policy->forecast = ForecastPolicy{5, 2};
  a.own_policy = policy;
  s.agreements.upsert(a);
  AgreementTerms b;
  b.id.bytes[3] = 8;
  b.time_zone = zones.find("UTC");
  s.agreements.upsert(b);
  UsageWindow w;
  w.agreement_id = a.id;
  w.alert_plan = 0xdeadbeef;
  w.thresholds_reached = 0x80000001;
  w.over_plan_steps_reached = 12;
  w.daily_bytes = {0, 5, 9223372036854775807};
  s.windows.push_back(w);
  w.forecast_done = true;
  w.daily_bytes.clear();
  s.windows.push_back(w);

  SubscriberState back;
  decode_subscriber(encode_subscriber(s), zones, back);
  EXPECT_EQ(back.agreements.agreements(), s.agreements.agreements());
  ASSERT_NE(back.agreements.find(a.id)->own_policy, nullptr);
  EXPECT_EQ(*back.agreements.find(a.id)->own_policy, *policy);
  EXPECT_EQ(back.agreements.find(b.id)->own_policy, nullptr);
  EXPECT_EQ(back.windows, s.windows);
}

TEST(StateCodec, StateWrittenBeforeUsageAlertsIsStillRead) {
  // Layout version 1, as the build before usage alerts wrote it: one agreement, one window.
  std::string v1;
  ByteWriter out(v1);
  Uuid id;
  id.bytes[0] = 1;
  out.integer<std::uint8_t>(1).integer<std::uint16_t>(1).uuid(id);
  out.integer<std::int64_t>(10)
      .integer<std::int32_t>(0)
      .integer<std::int64_t>(20)
      .integer<std::int32_t>(0);
  out.short_string("UTC").integer<std::int64_t>(1000);
  out.integer<std::uint16_t>(1).uuid(id).integer<std::int16_t>(2020).integer<std::uint8_t>(1);
  out.integer<std::int64_t>(1580515200000).integer<std::int64_t>(2).integer<std::int64_t>(300);
  out.integer<std::int64_t>(1578000000000).uuid(id).integer<std::uint8_t>(1);

  TimeZones zones;
  SubscriberState back;
  decode_subscriber(v1, zones, back);
  ASSERT_EQ(back.agreements.agreements().size(), 1u);
  EXPECT_EQ(back.agreements.agreements()[0].max_bytes_in_billing_period, 1000);
  EXPECT_EQ(back.agreements.agreements()[0].own_policy, nullptr);
  ASSERT_EQ(back.windows.size(), 1u);
  EXPECT_EQ(back.windows[0].total_recorded_bytes, 300);
  EXPECT_TRUE(back.windows[0].plan_exceeded_notified);
  EXPECT_EQ(back.windows[0].thresholds_reached, 0u);
  EXPECT_FALSE(back.windows[0].forecast_done);
}

TEST(StateCodec, CorruptValuesAreReportedNotMisread) {
  TimeZones zones;
  SubscriberState s;
  std::string value = encode_subscriber(s);
  SubscriberState back;
  EXPECT_THROW(decode_subscriber(value.substr(0, 2), zones, back), std::runtime_error);
  value[0] = 9;
  EXPECT_THROW(decode_subscriber(value, zones, back), std::runtime_error);
  EXPECT_THROW(decode_pending("", 1), std::runtime_error);
}

TEST(StateCodec, PendingAndPartitionRoundTrip) {
  const PendingRecord r{17, Instant{1577919600, 5}, Uuid{{1, 2, 3}}, 825012938};
  EXPECT_EQ(decode_pending(encode_pending(r), 17), r);
  const PartitionProgress p{1580511600000, 1580511599999, 77};
  EXPECT_EQ(decode_partition(encode_partition(p)), p);
}

}  // namespace
}  // namespace mobilecs::core
