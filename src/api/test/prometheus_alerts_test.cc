#include "api/prometheus_alerts.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mobilecs::api {
namespace {

// The shape of Prometheus' GET /api/v1/alerts (its HTTP API documentation).
constexpr const char* kAnswer = R"({"status":"success","data":{"alerts":[
  {"labels":{"alertname":"MobilecsBadInputs","severity":"ticket","job":"mobilecs-ingester"},
   "annotations":{"summary":"Bad inputs set aside","runbook":"docs/operations.md#mobilecsbadinputs"},
   "state":"firing","activeAt":"2026-12-03T18:20:05Z","value":"1e+00"},
  {"labels":{"alertname":"MobilecsRoleDown","severity":"page"},
   "annotations":{"summary":"A role is down"},
   "state":"pending","activeAt":"2026-12-03T18:19:00Z","value":"0e+00"},
  {"labels":{"alertname":"MobilecsConsumerLagGrowing","severity":"page"},
   "annotations":{"summary":"The ingesters fall behind"},
   "state":"firing","activeAt":"2026-12-03T18:10:00Z","value":"5e+03"}]}})";

TEST(PrometheusAlerts, FiringOnesWithWhatAnOperatorNeedsLongestFiringFirst) {
  const auto firing = firing_alerts(kAnswer);
  ASSERT_EQ(firing.size(), 2u);  // the pending one is not firing yet
  EXPECT_EQ(firing[0]["name"], "MobilecsConsumerLagGrowing");
  EXPECT_EQ(firing[0]["runbook"], "");
  EXPECT_EQ(firing[1]["name"], "MobilecsBadInputs");
  EXPECT_EQ(firing[1]["severity"], "ticket");
  EXPECT_EQ(firing[1]["summary"], "Bad inputs set aside");
  EXPECT_EQ(firing[1]["runbook"], "docs/operations.md#mobilecsbadinputs");
  EXPECT_EQ(firing[1]["since"], "2026-12-03T18:20:05Z");
}

TEST(PrometheusAlerts, NoAlertsIsAnEmptyList) {
  EXPECT_TRUE(firing_alerts(R"({"status":"success","data":{"alerts":[]}})").empty());
}

TEST(PrometheusAlerts, AnythingElseIsAnErrorSayingWhat) {
  auto message = [](const char* body) {
    try {
      firing_alerts(body);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("<html>proxy error</html>"), "Prometheus answered something that is not JSON");
  EXPECT_EQ(message(R"({"status":"error","error":"bad_data"})"), "Prometheus answered: bad_data");
  EXPECT_EQ(message(R"({"status":"success","data":{}})"),
            "Prometheus answered without data.alerts");
}

}  // namespace
}  // namespace mobilecs::api
