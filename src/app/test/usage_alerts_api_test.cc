// Usage alerts through `mobilecs run --http`: GET /api/alerts, and alert events in the live
// stream, from the pipeline and, after a restart, from D/data-usage-alerts.jsonl.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "testing/eventually.h"
#include "testing/free_port.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace mobilecs::testing {
namespace {

const std::string kBinary = MOBILECS_BINARY;
constexpr const char* kToken = "usage-alerts-api-test-token-0123456789";

class UsageAlertsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("MOBILECS_API_TOKEN", kToken, 1);
    ASSERT_EQ(run({kBinary, "generate", "agreements", "--count", "1", "--dir",
                   (dir_ / "data" / "agreements").string()},
                  dir_ / "gen")
                  .exit_code,
              0);
    ASSERT_EQ(run({kBinary, "generate", "incoming-data-records", "--subscribers", "1", "--months",
                   "1", "--dir", (dir_ / "data" / "incoming-data-records").string()},
                  dir_ / "gen2")
                  .exit_code,
              0);
    write_text(dir_ / "policy.json",
               R"({"thresholds":[{"percentOfPlan":50},{"percentOfPlan":100}]})");
  }
  void TearDown() override { ::unsetenv("MOBILECS_API_TOKEN"); }

  Process start(const std::string& log) {
    return Process({kBinary, "run", "--data-dir", (dir_ / "data").string(), "--http",
                    std::to_string(port_), "--usage-policy", (dir_ / "policy.json").string()},
                   dir_ / log);
  }
  httplib::Result get(const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    return client.Get(path, {{"Authorization", std::string("Bearer ") + kToken}});
  }
  nlohmann::json get_json(const std::string& path) {
    const auto res = get(path);
    if (!res || res->status != 200) return nullptr;
    return nlohmann::json::parse(res->body);
  }
  // Both alerts of the reference subscriber, newest first.
  void expect_both_alerts() {
    nlohmann::json alerts;
    ASSERT_TRUE(eventually([&] {
      alerts = get_json("/api/alerts");
      return alerts.is_array() && alerts.size() == 2;
    })) << alerts.dump();
    EXPECT_EQ(alerts[0]["value"]["threshold"]["percentOfPlan"], 100);
    EXPECT_EQ(alerts[1]["value"]["threshold"]["percentOfPlan"], 50);
    EXPECT_GT(alerts[0]["sequence"], alerts[1]["sequence"]);
    EXPECT_EQ(alerts[0]["key"], alerts[0]["value"]["agreementId"]);
  }

  TempDir dir_;
  int port_ = free_port();
};

TEST_F(UsageAlertsApiTest, AlertsAreServedFilteredAndStreamedBesideTheNotifications) {
  Process server = start("server");
  expect_both_alerts();
  EXPECT_EQ(get_json("/api/alerts?type=USAGE_THRESHOLD_REACHED&year=2020&month=1").size(), 2u);
  EXPECT_EQ(get_json("/api/alerts?month=2").size(), 0u);
  EXPECT_EQ(get_json("/api/alerts?type=USAGE_FORECAST_EXCEEDS_PLAN").size(), 0u);
  EXPECT_EQ(get_json("/api/alerts?limit=1").size(), 1u);
  const auto notifications = get_json("/api/notifications");
  ASSERT_EQ(notifications.size(), 2u);
  for (const auto& n : notifications) EXPECT_EQ(n["value"].count("threshold"), 0u);

  const auto bad = get("/api/alerts?type=DATA_PLAN_EXCEEDED");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("parameter 'type' must be USAGE_THRESHOLD_REACHED or "
                           "USAGE_FORECAST_EXCEEDS_PLAN, not 'DATA_PLAN_EXCEEDED'"),
            std::string::npos)
      << bad->body;
  EXPECT_EQ(httplib::Client("127.0.0.1", port_).Get("/api/alerts")->status, 401);

  // The period as the console draws it: both thresholds reached, the policy the file's.
  const std::string id = get_json("/api/alerts")[0]["key"];
  const auto usage = get_json("/api/usage/" + id + "/2020/1");
  ASSERT_TRUE(usage.is_object());
  EXPECT_EQ(usage["usagePolicySource"], "--usage-policy");
  EXPECT_EQ(usage["totalRecordedBytes"], "13559994361");  // the reference total of January
  ASSERT_EQ(usage["thresholds"].size(), 2u);
  EXPECT_EQ(usage["thresholds"][1]["bytes"], usage["maxBytesInBillingPeriod"]);
  EXPECT_EQ(usage["thresholds"][1]["reached"], true);
  EXPECT_EQ(get("/api/usage/" + id + "/2020/13")->status, 400);

  // The live stream replays what it holds: two notifications and two alerts, each with its kind.
  std::string events;
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(std::chrono::seconds(2));
  client.Get("/api/notifications/stream", {{"Authorization", std::string("Bearer ") + kToken}},
             [&](const char* data, std::size_t size) {
               events.append(data, size);
               return events.find("event: alert", events.find("event: alert") + 1) ==
                      std::string::npos;
             });
  EXPECT_NE(events.find("event: notification"), std::string::npos) << events;
  EXPECT_NE(events.find("event: alert"), std::string::npos) << events;
  EXPECT_NE(events.find(R"("threshold":{"percentOfPlan":100})"), std::string::npos) << events;

  server.signal(SIGTERM);
  ASSERT_EQ(server.wait_for(std::chrono::seconds(10)), 0);
  // After a restart, from the alerts file.
  Process again = start("again");
  expect_both_alerts();
  again.signal(SIGTERM);
  EXPECT_EQ(again.wait_for(std::chrono::seconds(10)), 0);
}

}  // namespace
}  // namespace mobilecs::testing
