#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "testing/eventually.h"
#include "testing/kafka_topics.h"
#include "testing/process.h"
#include "testing/temp_dir.h"
#include "testing/usage_policy.h"

namespace mobilecs::testing {

// The token the roles' metrics ports accept (MOBILECS_API_TOKEN, set for every role started).
inline constexpr const char* kRoleToken = "distributed-test-token-0123456789";

// Runs the distributed roles as real processes against the real broker, each test on topics of
// its own, and the embedded pipeline on the same input for comparison.
class DistributedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kafka_ = test_kafka(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ::setenv("MOBILECS_API_TOKEN", kRoleToken, 1);
    // Both pipelines alert, so alerts are compared wherever notifications are.
    write_text(usage_policy(), std::string(kUsagePolicyOfEveryKind));
  }
  std::filesystem::path usage_policy() const { return dir_ / "usage-policy.json"; }
  // The topics the test made go with it.
  void TearDown() override {
    try {
      kafka::delete_topics(kafka_, kafka::list_topics(kafka_, kafka_.prefix));
    } catch (const std::exception& e) {
      std::cerr << "could not delete the test's topics: " << e.what() << "\n";
    }
  }

  static const std::string& binary() {
    static const std::string path = MOBILECS_BINARY;
    return path;
  }

  std::vector<std::string> role(std::vector<std::string> args) const {
    args.insert(args.begin(), binary());
    for (const char* s : {"--topic-prefix", kafka_.prefix.c_str(), "--bootstrap-servers",
                          kafka_.bootstrap_servers.c_str()}) {
      args.emplace_back(s);
    }
    return args;
  }

  Result mobilecs(std::vector<std::string> args, const std::string& log) {
    args.insert(args.begin(), binary());
    return run(std::move(args), (dir_ / log).string());
  }

  // Agreements to the `agreements` topic, record files into the incoming folder.
  void publish_inputs(int agreements, int subscribers, int months) {
    const Result a =
        run(role({"generate", "agreements", "--count", std::to_string(agreements), "--kafka"}),
            (dir_ / "gen-agreements").string());
    ASSERT_EQ(a.exit_code, 0) << a.err;
    const Result r =
        mobilecs({"generate", "incoming-data-records", "--subscribers", std::to_string(subscribers),
                  "--months", std::to_string(months), "--dir", incoming().string()},
                 "gen-records");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::vector<std::string> importer_args() const {
    return role({"importer", "--until-idle", "--dir", incoming().string()});
  }
  std::vector<std::string> ingester_args(const std::string& instance = "1",
                                         bool until_idle = true) const {
    std::vector<std::string> args{"ingester",
                                  "--instance-id",
                                  instance,
                                  "--idle-timeout-ms",
                                  "1000",
                                  "--state-dir",
                                  (dir_ / ("state-" + instance)).string(),
                                  "--usage-policy",
                                  usage_policy().string()};
    args.insert(args.end(), store_args_.begin(), store_args_.end());
    if (until_idle) args.emplace_back("--until-idle");
    return role(args);
  }

  // The notifications of the embedded pipeline on the same input, as Kafka messages.
  std::vector<KafkaMessage> embedded_notifications(int agreements, int subscribers, int months) {
    const auto data = dir_ / "embedded";
    EXPECT_EQ(mobilecs({"generate", "agreements", "--count", std::to_string(agreements), "--dir",
                        (data / "agreements").string()},
                       "embedded-gen-a")
                  .exit_code,
              0);
    EXPECT_EQ(mobilecs({"generate", "incoming-data-records", "--subscribers",
                        std::to_string(subscribers), "--months", std::to_string(months), "--dir",
                        (data / "incoming-data-records").string()},
                       "embedded-gen-r")
                  .exit_code,
              0);
    const Result r = mobilecs({"run", "--until-idle", "--data-dir", data.string(), "--usage-policy",
                               usage_policy().string()},
                              "embedded-run");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return embedded_messages("data-records-aggregates.jsonl");
  }

  // A JSON Lines output of the embedded run above, as Kafka messages.
  std::vector<KafkaMessage> embedded_messages(const std::string& file) const {
    std::vector<KafkaMessage> messages;
    std::istringstream lines(read_text(dir_ / "embedded" / file));
    std::string line;
    while (std::getline(lines, line)) {
      const auto json = nlohmann::ordered_json::parse(line);
      messages.push_back(KafkaMessage{json["key"], json["timestamp"], json["value"].dump(), 0});
    }
    return messages;
  }
  std::vector<KafkaMessage> embedded_alerts() const {
    return embedded_messages("data-usage-alerts.jsonl");
  }
  std::vector<KafkaMessage> alerts() const {
    return read_topic(kafka_, kafka::topic::kDataUsageAlerts);
  }

  std::vector<KafkaMessage> notifications() const {
    return read_topic(kafka_, kafka::topic::kDataRecordsAggregates);
  }

  static std::vector<KafkaMessage> sorted(std::vector<KafkaMessage> messages) {
    std::sort(messages.begin(), messages.end());
    return messages;
  }

  // What differs between two sorted message lists: counts and a few examples of each side.
  static std::string difference(const std::vector<KafkaMessage>& actual,
                                const std::vector<KafkaMessage>& expected) {
    std::vector<KafkaMessage> extra, missing;
    std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                        std::back_inserter(extra));
    std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                        std::back_inserter(missing));
    std::string text = std::to_string(actual.size()) + " messages, expected " +
                       std::to_string(expected.size()) + "; " + std::to_string(extra.size()) +
                       " unexpected, " + std::to_string(missing.size()) + " missing";
    for (std::size_t i = 0; i < extra.size() && i < 5; ++i) {
      text += "\n  unexpected: " + extra[i].key + " " + std::to_string(extra[i].timestamp) + " " +
              extra[i].value;
    }
    for (std::size_t i = 0; i < missing.size() && i < 5; ++i) {
      text += "\n  missing:    " + missing[i].key + " " + std::to_string(missing[i].timestamp) +
              " " + missing[i].value;
    }
    return text;
  }

  // Waits until the notifications topic (data-records-aggregates) holds `count` committed messages
  // (or the time is up).
  std::vector<KafkaMessage> await_notifications(std::size_t count, std::chrono::seconds limit) {
    std::vector<KafkaMessage> messages;
    eventually([&] { return (messages = notifications()).size() >= count; }, limit);
    return messages;
  }

  // Waits until `process` has written `text` to its log, or the time is up; whether it did.
  static bool await_log(const Process& process, const std::string& text,
                        std::chrono::seconds limit = std::chrono::seconds(60)) {
    return eventually([&] { return read_text(process.err_path()).find(text) != std::string::npos; },
                      limit);
  }

  // The text of GET /metrics once it contains every one of `lines`, or what it last was.
  static std::string await_metrics(int port, const std::vector<std::string>& lines) {
    httplib::Client client("127.0.0.1", port);
    client.set_bearer_token_auth(kRoleToken);
    std::string text;
    eventually(
        [&] {
          if (auto res = client.Get("/metrics"); res && res->status == 200) text = res->body;
          return std::all_of(lines.begin(), lines.end(), [&](const std::string& line) {
            return text.find(line + "\n") != std::string::npos;
          });
        },
        std::chrono::seconds(60), std::chrono::milliseconds(100));
    return text;
  }

  std::filesystem::path incoming() const { return dir_ / "incoming"; }

  TempDir dir_;
  kafka::KafkaConfig kafka_;
  // Where the ingesters put data records: the local store, unless a test says otherwise.
  std::vector<std::string> store_args_{"--store", "rocksdb"};
};

}  // namespace mobilecs::testing
