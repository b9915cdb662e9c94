#include "api/data_record_graphql.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "graphql/executor.h"
#include "store/store_error.h"

namespace mobilecs::api {
namespace {

using graphql::Json;

// An in-memory stand-in for the data-record store (the HTTP tests use the real ones).
class MemoryStore final : public store::DataRecordStore {
 public:
  void write(std::span<const core::DataRecord> records) override {
    if (down || writes_fail) throw store::StoreError("connection refused", true);
    for (const auto& r : records) {
      std::erase_if(records_, [&](const core::DataRecord& x) {
        return x.agreement_id == r.agreement_id && x.year == r.year && x.month == r.month &&
               x.recorded_at == r.recorded_at && x.internal_record_id == r.internal_record_id;
      });
      records_.push_back(r);
    }
  }
  std::vector<core::DataRecord> find(const core::Uuid& id, int year, int month) override {
    if (down) throw store::StoreError("connection refused", true);
    std::vector<core::DataRecord> out;
    for (const auto& r : records_) {
      if (r.agreement_id == id && r.year == year && r.month == month) out.push_back(r);
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.recorded_at > b.recorded_at; });
    return out;
  }
  core::ByteTotal total_bytes(const core::Uuid& id, int year, int month) override {
    core::ByteTotal sum = 0;
    for (const auto& r : find(id, year, month)) sum += r.recorded_bytes;
    return sum;
  }
  std::vector<core::Agreement> find_agreements_by_msisdn(std::string_view msisdn) override {
    std::vector<core::Agreement> out;
    for (const auto& [id, a] : agreements_) {
      if (a.msisdn == msisdn) out.push_back(a);
    }
    return out;
  }
  void write_agreements(std::span<const core::Agreement> agreements) override {
    for (const auto& a : agreements) agreements_[a.id] = a;
  }
  std::optional<core::Agreement> find_agreement(const core::Uuid& id) override {
    if (down) throw store::StoreError("connection refused", true);
    const auto it = agreements_.find(id);
    if (it == agreements_.end()) return std::nullopt;
    return it->second;
  }
  bool down = false;
  bool writes_fail = false;

 private:
  std::vector<core::DataRecord> records_;
  std::map<core::Uuid, core::Agreement> agreements_;
};

// An in-memory audit trail that can refuse, as a full disk or a broker that is down would.
class MemoryAuditTrail final : public AuditTrail {
 public:
  void record(const AuditEvent& event) override {
    if (refuse) throw std::runtime_error("the audit topic is unreachable");
    events.push_back(Json::parse(audit_event_json(event)));
  }
  std::vector<std::string> recent(std::size_t) const override { return {}; }
  std::vector<Json> events;
  bool refuse = false;
};

constexpr const char* kAgreement = "0b12c601-9287-3f5c-a78c-df508fe0f889";

class DataRecordGraphQL : public ::testing::Test {
 protected:
  DataRecordGraphQL() {
    core::Agreement a;
    a.id = *core::Uuid::parse(kAgreement);
    a.billing_period_time_zone = "Europe/Warsaw";
    store_.write_agreements(std::span(&a, 1));
    define_data_record_schema(schema_, service_, feed_);
  }
  Json run(const std::string& query, Json variables = Json::object()) {
    graphql::ExecutionOptions options;
    options.context = Caller{auth::Principal{auth::Principal::Kind::kJwt, "alice", {}}, "10.0.0.7"};
    return graphql::execute(schema_, graphql::Request{query, "", std::move(variables)}, options);
  }
  Json upsert(const std::string& recorded_at, const std::string& id, std::int64_t bytes) {
    return run(
        "mutation ($a: String!, $r: DataRecordUpsertRequest!) { upsertDataRecord(agreementId: "
        "$a, upsertRequest: $r) { key { year month recordedAt } recordedBytes } }",
        Json{{"a", kAgreement},
             {"r", Json{{"recordedAt", recorded_at},
                        {"internalRecordId", id},
                        {"recordedBytes", bytes}}}});
  }

  MemoryStore store_;
  MemoryAuditTrail audit_;
  DataRecordService service_{store_, nullptr, &audit_};
  NotificationFeed feed_;
  graphql::Schema schema_;
};

TEST_F(DataRecordGraphQL, AlertsOfAPeriodNewestFirstWithTheirThresholdAndForecast) {
  const std::string head = std::string(R"({"timestamp":1578052800000,"key":")") + kAgreement +
                           R"(","value":{"agreementId":")" + kAgreement + R"(","year":2020,)";
  feed_.add(NotificationFeed::Kind::kAlert,
            head + R"("month":1,"type":"USAGE_THRESHOLD_REACHED","threshold":{"percentOfPlan":80},)"
                   R"("thresholdBytes":8589934592,"totalRecordedBytes":9663676416}})");
  feed_.add(
      NotificationFeed::Kind::kAlert,
      head + R"("month":1,"type":"USAGE_FORECAST_EXCEEDS_PLAN","thresholdBytes":10,)"
             R"("projectedExhaustionAt":"2020-01-09T19:00+01:00[Europe/Warsaw]","daysLeft":5}})");
  feed_.add(NotificationFeed::Kind::kAlert,
            head + R"("month":2,"type":"USAGE_THRESHOLD_REACHED","threshold":{"bytes":1}}})");
  const Json result =
      run(std::string("{ alerts(agreementId: \"") + kAgreement +
          "\", year: 2020, month: 1) { type threshold { percentOfPlan bytes } thresholdBytes "
          "daysLeft projectedExhaustionAt timestamp } }");
  EXPECT_EQ(result.dump(),
            R"({"data":{"alerts":[{"type":"USAGE_FORECAST_EXCEEDS_PLAN","threshold":null,)"
            R"("thresholdBytes":10,"daysLeft":5,)"
            R"("projectedExhaustionAt":"2020-01-09T19:00+01:00[Europe/Warsaw]",)"
            R"("timestamp":1578052800000},{"type":"USAGE_THRESHOLD_REACHED",)"
            R"("threshold":{"percentOfPlan":80,"bytes":null},"thresholdBytes":8589934592,)"
            R"("daysLeft":null,"projectedExhaustionAt":null,"timestamp":1578052800000}]}})");
  const Json bad = run("{ alerts(agreementId: \"nope\", year: 2020, month: 13) { type } }");
  EXPECT_EQ(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT") << bad.dump();
}

TEST_F(DataRecordGraphQL, UpsertFilesTheRecordUnderTheAgreementsLocalMonth) {
  // 23:30 UTC on 31 January is already February in Warsaw.
  EXPECT_EQ(
      upsert("2020-01-31T23:30:00Z", "523d8cc7-e611-3508-90bc-fab260b2973e", 5697948758).dump(),
      R"({"data":{"upsertDataRecord":{"key":{"year":2020,"month":2,)"
      R"("recordedAt":"2020-01-31T23:30:00.000+00:00"},"recordedBytes":5697948758}}})");
  const Json found = run(std::string("{ findDataRecords(agreementId: \"") + kAgreement +
                         "\", year: 2020, month: 2) { recordedBytes key { internalRecordId } } "
                         "total: getTotalDataUsage(agreementId: \"" +
                         kAgreement + "\", year: 2020, month: 2) }");
  EXPECT_EQ(found.dump(), R"({"data":{"findDataRecords":[{"recordedBytes":5697948758,"key":)"
                          R"({"internalRecordId":"523d8cc7-e611-3508-90bc-fab260b2973e"}}],)"
                          R"("total":"5697948758 B\n5564403 KB\n5434 MB\n5 GB"}})");
}

TEST_F(DataRecordGraphQL, BadArgumentsAreErrorsWithCodesAndNothingIsWritten) {
  Json r =
      run("{ findDataRecords(agreementId: \"nope\", year: 2020, month: 1) { recordedBytes } }");
  EXPECT_EQ(r["errors"][0]["message"], "agreementId 'nope' is not a UUID");
  EXPECT_EQ(r["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
  EXPECT_TRUE(r["data"].is_null());  // findDataRecords is non-null

  r = run(std::string("{ getTotalDataUsage(agreementId: \"") + kAgreement +
          "\", year: 2020, month: 13) }");
  EXPECT_EQ(r["errors"][0]["message"], "month 13 is out of range (1..12)");

  r = upsert("yesterday", "523d8cc7-e611-3508-90bc-fab260b2973e", 1);
  EXPECT_EQ(r["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
  EXPECT_NE(r["errors"][0]["message"].get<std::string>().find("recordedAt"), std::string::npos);
  r = upsert("2020-01-01T00:00Z", "523d8cc7-e611-3508-90bc-fab260b2973e", -5);
  EXPECT_EQ(r["errors"][0]["message"], "field 'recordedBytes' must not be negative");
  EXPECT_EQ(store_.total_bytes(*core::Uuid::parse(kAgreement), 2020, 1), 0);
}

TEST_F(DataRecordGraphQL, UnknownAgreementsAndAnUnreachableStoreHaveTheirOwnCodes) {
  Json r =
      run("mutation { upsertDataRecord(agreementId: \"11111111-2222-3333-4444-555555555555\", "
          "upsertRequest: {recordedAt: \"2020-01-01T00:00Z\", internalRecordId: "
          "\"523d8cc7-e611-3508-90bc-fab260b2973e\", recordedBytes: \"12\"}) { recordedBytes } }");
  EXPECT_EQ(r["errors"][0]["extensions"]["code"], "NOT_FOUND");
  store_.down = true;
  r = run(std::string("{ findDataRecords(agreementId: \"") + kAgreement +
          "\", year: 2020, month: 1) { recordedBytes } }");
  EXPECT_EQ(r["errors"][0]["extensions"]["code"], "UNAVAILABLE");
}

}  // namespace
}  // namespace mobilecs::api

namespace mobilecs::api {
namespace {

TEST_F(DataRecordGraphQL, AChangeIsAuditedWithWhoAndWhatItReplaced) {
  upsert("2020-01-10T00:00Z", "523d8cc7-e611-3508-90bc-fab260b2973e", 100);
  upsert("2020-01-10T00:00Z", "523d8cc7-e611-3508-90bc-fab260b2973e", 70);
  ASSERT_EQ(audit_.events.size(), 2u);
  const Json& second = audit_.events[1];
  EXPECT_EQ(second["subject"], "alice");
  EXPECT_EQ(second["credential"], "jwt");
  EXPECT_EQ(second["from"], "10.0.0.7");
  EXPECT_EQ(second["action"], "upsertDataRecord");
  EXPECT_EQ(second["target"]["agreementId"], kAgreement);
  EXPECT_EQ(second["before"]["recordedBytes"], 100);
  EXPECT_EQ(second["after"]["recordedBytes"], 70);
  EXPECT_TRUE(audit_.events[0]["before"].is_null());
}

TEST_F(DataRecordGraphQL, NoChangeWithoutItsAuditEventAndAFailedChangeIsRecordedAsSuch) {
  audit_.refuse = true;
  Json r = upsert("2020-01-10T00:00Z", "523d8cc7-e611-3508-90bc-fab260b2973e", 100);
  EXPECT_EQ(r["errors"][0]["extensions"]["code"], "UNAVAILABLE");
  EXPECT_EQ(store_.total_bytes(*core::Uuid::parse(kAgreement), 2020, 1), 0);
  audit_.refuse = false;
  // Bad input is refused before anything is recorded.
  upsert("2020-01-01T00:00Z", "523d8cc7-e611-3508-90bc-fab260b2973e", -5);
  EXPECT_TRUE(audit_.events.empty());
  // A write that fails after its event: a second event says so, naming the first.
  store_.writes_fail = true;
  r = upsert("2020-01-10T00:00Z", "523d8cc7-e611-3508-90bc-fab260b2973e", 100);
  EXPECT_EQ(r["errors"][0]["extensions"]["code"], "UNAVAILABLE");
  ASSERT_EQ(audit_.events.size(), 2u);
  EXPECT_EQ(audit_.events[1]["failedEvent"], audit_.events[0]["id"]);
  EXPECT_NE(audit_.events[1]["reason"].get<std::string>().find("connection refused"),
            std::string::npos);
}

}  // namespace
}  // namespace mobilecs::api
