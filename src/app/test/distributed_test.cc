// The distributed roles against the real Kafka broker (scripts/stack up).
#include <httplib.h>

#include <random>
#include <regex>
#include <set>

#include "app/test/distributed_support.h"
#include "kafka/consumer_lag.h"
#include "kafka/murmur2_partitioner.h"
#include "kafka/topic_admin.h"
#include "kafka/transaction_runner.h"
#include "testing/free_port.h"

namespace mobilecs::testing {
namespace {

TEST_F(DistributedTest, TheReferenceDataSetYieldsExactlyTheEmbeddedNotifications) {
  const auto expected = embedded_notifications(1, 1, 1);
  ASSERT_EQ(expected.size(), 2u);
  publish_inputs(1, 1, 1);
  const Result imported = run(importer_args(), (dir_ / "importer").string());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const Result ingested = run(ingester_args(), (dir_ / "ingester").string());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  EXPECT_EQ(notifications(), expected);  // one key: one partition, in order
  EXPECT_EQ(notifications()[0].timestamp, 1580511599999);
  EXPECT_EQ(alerts(), embedded_alerts());
  EXPECT_GE(alerts().size(), 4u);
  // Caught up means no lag, transaction markers included.
  for (const auto& p : kafka::consumer_lag(kafka_, kafka_.name("mobilecs-ingester"),
                                           {kafka_.name(kafka::topic::kAgreements),
                                            kafka_.name(kafka::topic::kIncomingDataRecords)})) {
    EXPECT_EQ(p.lag, 0) << p.topic << "[" << p.partition << "]";
  }
}

TEST_F(DistributedTest, ThousandsOfSubscribersOverSeveralMonthsMatchTheEmbeddedPipeline) {
  const auto expected = sorted(embedded_notifications(1500, 2000, 3));
  ASSERT_GT(expected.size(), 3000u);
  publish_inputs(1500, 2000, 3);
  ASSERT_EQ(run(importer_args(), (dir_ / "importer").string()).exit_code, 0);
  const Result ingested = run(ingester_args(), (dir_ / "ingester").string());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  const auto actual = sorted(notifications());
  EXPECT_TRUE(actual == expected) << difference(actual, expected);
  const auto expected_alerts = sorted(embedded_alerts());
  EXPECT_GT(expected_alerts.size(), expected.size());
  const auto actual_alerts = sorted(alerts());
  EXPECT_TRUE(actual_alerts == expected_alerts) << difference(actual_alerts, expected_alerts);
}

TEST_F(DistributedTest, EveryLineBecomesOneMessageOnThePartitionJavaWouldChoose) {
  publish_inputs(1, 300, 2);
  ASSERT_EQ(run(importer_args(), (dir_ / "importer").string()).exit_code, 0);
  const auto messages = read_topic(kafka_, kafka::topic::kIncomingDataRecords);
  EXPECT_EQ(messages.size(), 300u * 60);
  std::set<std::string> ids;
  for (const KafkaMessage& m : messages) {
    EXPECT_EQ(m.partition, kafka::java_partition(m.key, kafka_.partitions)) << m.key;
    const auto value = nlohmann::json::parse(m.value);
    EXPECT_EQ(value["msisdn"], m.key);
    ids.insert(value["internalId"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), messages.size());
  EXPECT_TRUE(std::filesystem::exists(incoming() / "processed"));
}

TEST_F(DistributedTest, AnImporterKilledAtRandomMomentsImportsEveryLineExactlyOnce) {
  publish_inputs(1, 15000, 3);
  std::mt19937 random(std::random_device{}());
  int kills = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    Process importer(importer_args(), (dir_ / "importer").string());
    if (importer.wait_for(
            std::chrono::milliseconds(std::uniform_int_distribution<>(200, 1500)(random))) == 0) {
      break;
    }
    importer.signal(SIGKILL);
    importer.wait();
    ++kills;
  }
  EXPECT_GE(kills, 2) << "the importer finished before it could be killed";
  const Result last = run(importer_args(), (dir_ / "importer-last").string());
  ASSERT_EQ(last.exit_code, 0) << last.err;
  const auto messages = read_topic(kafka_, kafka::topic::kIncomingDataRecords);
  std::set<std::string> ids;
  for (const KafkaMessage& m : messages) ids.insert(nlohmann::json::parse(m.value)["internalId"]);
  EXPECT_EQ(messages.size(), 15000u * 91);
  EXPECT_EQ(ids.size(), messages.size()) << "a line was imported twice";
}

TEST_F(DistributedTest, AnIngesterKilledAtRandomMomentsPublishesEachNotificationOnce) {
  const auto expected = sorted(embedded_notifications(1500, 2000, 3));
  publish_inputs(1500, 2000, 3);
  ASSERT_EQ(run(importer_args(), (dir_ / "importer").string()).exit_code, 0);
  std::mt19937 random(std::random_device{}());
  int kills = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    Process ingester(ingester_args(), (dir_ / ("ingester-" + std::to_string(attempt))).string());
    // Kill it while it works: once it holds partitions, at a random moment.
    await_log(ingester, "assigned partitions");
    const int code = ingester.wait_for(
        std::chrono::milliseconds(std::uniform_int_distribution<>(100, 1200)(random)));
    if (code == 0) break;
    ASSERT_EQ(code, -1) << read_text(ingester.err_path());
    ingester.signal(SIGKILL);
    ingester.wait();
    ++kills;
  }
  EXPECT_GE(kills, 2) << "the ingester finished before it could be killed";
  const Result last = run(ingester_args(), (dir_ / "ingester-last").string());
  ASSERT_EQ(last.exit_code, 0) << last.err;
  const auto actual = sorted(notifications());
  EXPECT_TRUE(actual == expected) << difference(actual, expected);
  const auto expected_alerts = sorted(embedded_alerts());
  const auto actual_alerts = sorted(alerts());
  EXPECT_TRUE(actual_alerts == expected_alerts) << difference(actual_alerts, expected_alerts);
}

TEST_F(DistributedTest, TwoIngestersShareThePartitionsAndTheSurvivorTakesOver) {
  const auto expected = sorted(embedded_notifications(1500, 2000, 3));
  publish_inputs(1500, 2000, 3);
  Process first(ingester_args("1", false), (dir_ / "ingester-1").string());
  Process second(ingester_args("2", false), (dir_ / "ingester-2").string());
  // Both in the group, sharing the partitions.
  ASSERT_TRUE(await_log(first, "assigned partitions")) << read_text(first.err_path());
  ASSERT_TRUE(await_log(second, "assigned partitions")) << read_text(second.err_path());
  Process importer(importer_args(), (dir_ / "importer").string());
  // Mid-run: once the second has committed work of its own.
  ASSERT_TRUE(eventually([&] { return !notifications().empty(); }, std::chrono::seconds(120)));
  second.signal(SIGKILL);
  second.wait();
  EXPECT_EQ(importer.wait(), 0);
  const auto messages = await_notifications(expected.size(), std::chrono::seconds(120));
  EXPECT_TRUE(sorted(messages) == expected) << difference(sorted(messages), expected);
  const auto expected_alerts = sorted(embedded_alerts());
  std::vector<KafkaMessage> actual_alerts;
  eventually([&] { return (actual_alerts = alerts()).size() >= expected_alerts.size(); });
  std::sort(actual_alerts.begin(), actual_alerts.end());
  EXPECT_TRUE(actual_alerts == expected_alerts) << difference(actual_alerts, expected_alerts);
  // The input may be done before the group notices the dead member: wait for the takeover.
  await_log(first, "assigned partitions 0, 1, 2, 3, 4, 5");
  first.signal(SIGTERM);
  EXPECT_EQ(first.wait_for(std::chrono::seconds(30)), 0);
  const std::string log = read_text(first.err_path());
  EXPECT_NE(log.find("assigned partitions 0, 1, 2, 3, 4, 5"), std::string::npos)
      << "the survivor never took over all partitions:\n"
      << log;
}

// Issue 24: a burst of input larger than one step, then silence. Every notification is readable
// soon after the last record is imported, while the ingester keeps running: none waits for more
// input or for the ingester to stop.
TEST_F(DistributedTest, TheEndOfABurstIsPublishedWithoutMoreInputOrAStop) {
  const auto expected = sorted(embedded_notifications(1500, 2000, 3));
  publish_inputs(1500, 2000, 3);
  Process ingester(ingester_args("1", false), (dir_ / "ingester").string());
  ASSERT_TRUE(await_log(ingester, "assigned partitions")) << read_text(ingester.err_path());
  const Result imported = run(importer_args(), (dir_ / "importer").string());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  // The step delay (200 ms) and the idle timeout (1 s) after the last record, with room to spare
  // for a loaded machine; a step left waiting for input never comes.
  const auto messages = await_notifications(expected.size(), std::chrono::seconds(20));
  EXPECT_TRUE(sorted(messages) == expected) << difference(sorted(messages), expected);
  ingester.signal(SIGTERM);
  EXPECT_EQ(ingester.wait_for(std::chrono::seconds(30)), 0);
  // The burst took several steps (the final summary counts them).
  const std::string log = read_text(ingester.err_path());
  const std::regex summary(R"((\d+) steps)");
  int steps = 0;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), summary);
       it != std::sregex_iterator(); ++it) {
    steps = std::stoi((*it)[1]);
  }
  EXPECT_GE(steps, 3) << log;
}

TEST_F(DistributedTest, TheRolesReportWhatTheyCommittedAtMetrics) {
  publish_inputs(1, 2, 1);  // the second subscriber has no agreement: its records wait
  write_text(incoming() / "zz_bad.csv", "not;a;record\n");
  const int ingester_port = free_port();
  auto ingester = ingester_args("1", false);
  ingester.insert(ingester.end(), {"--metrics-port", std::to_string(ingester_port)});
  Process ingesting(ingester, (dir_ / "ingester").string());
  const int importer_port = free_port();
  Process importing(role({"importer", "--dir", incoming().string(), "--metrics-port",
                          std::to_string(importer_port)}),
                    (dir_ / "importer").string());

  const std::vector<std::string> imported{"mobilecs_records_imported_total 62",
                                          "mobilecs_records_malformed_total 1"};
  std::string text = await_metrics(importer_port, imported);
  for (const auto& line : imported) EXPECT_NE(text.find(line), std::string::npos) << text;
  importing.signal(SIGTERM);
  EXPECT_EQ(importing.wait_for(std::chrono::seconds(30)), 0);

  const std::vector<std::string> ingested{
      "mobilecs_agreements_imported_total 1",
      "mobilecs_records_imported_total 62",
      "mobilecs_records_matched_total 31",
      "mobilecs_records_waiting 31",
      "mobilecs_records_malformed_total 0",
      "mobilecs_notifications_total{type=\"DATA_PLAN_EXCEEDED\"} 1",
      "mobilecs_notifications_total{type=\"BILLING_PERIOD_CLOSED\"} 1"};
  const std::string imported_text = text;
  text = await_metrics(ingester_port, ingested);
  for (const auto& line : ingested) EXPECT_NE(text.find(line), std::string::npos) << text;
  EXPECT_EQ(text.find("mobilecs_store_write_seconds_count 0\n"), std::string::npos);
  // The watermark of the reference records, in seconds: some time in 2020.
  std::smatch watermark;
  ASSERT_TRUE(
      std::regex_search(text, watermark, std::regex(R"(\nmobilecs_watermark_seconds (\d+))")))
      << text;
  EXPECT_GT(std::stoll(watermark[1]), 1'577'836'800);  // 2020-01-01
  EXPECT_LT(std::stoll(watermark[1]), 1'609'459'200);  // 2021-01-01
  // Every metric the alert rules watch is served (the lag by the backend, tested with it).
  const std::string rules = read_text(std::filesystem::path(MOBILECS_SOURCE_DIR) /
                                      "deploy/prometheus/mobilecs-rules.yml");
  std::set<std::string> watched;
  const std::regex metric(R"(mobilecs_[a-z_]+)");
  for (auto it = std::sregex_iterator(rules.begin(), rules.end(), metric);
       it != std::sregex_iterator(); ++it) {
    watched.insert(it->str());
  }
  watched.erase("mobilecs_consumer_lag");
  EXPECT_GE(watched.size(), 5u);
  for (const std::string& name : watched) {
    EXPECT_NE((imported_text + text).find("\n" + name), std::string::npos) << name;
  }
  EXPECT_EQ(httplib::Client("127.0.0.1", ingester_port).Get("/health")->status, 200);
  // Without the token, nothing but health.
  EXPECT_EQ(httplib::Client("127.0.0.1", ingester_port).Get("/metrics")->status, 401);
  EXPECT_EQ(httplib::Client("127.0.0.1", ingester_port).Get("/status")->status, 401);
  ingesting.signal(SIGTERM);
  EXPECT_EQ(ingesting.wait_for(std::chrono::seconds(30)), 0);
}

// The value of `name` in the configuration of `topic`, as the broker reports it.
std::string topic_config(const kafka::KafkaConfig& config, const std::string& topic,
                         const std::string& name) {
  return kafka::topic_setting(config, topic, name).value_or("<none>");
}

TEST_F(DistributedTest, TopicsOfEventTimeStampedMessagesAreNeverExpiredByTime) {
  kafka::ensure_topics(kafka_, kafka::mobilecs_topics(kafka_));
  for (const auto topic : {kafka::topic::kAgreements, kafka::topic::kIncomingDataRecords,
                           kafka::topic::kDataRecordsAggregates, kafka::topic::kLateDataRecords}) {
    EXPECT_EQ(topic_config(kafka_, kafka_.name(topic), "retention.ms"), "-1") << topic;
    // Event time of any date is accepted (Kafka 4 refuses more than 1 h ahead by default).
    EXPECT_EQ(topic_config(kafka_, kafka_.name(topic), "message.timestamp.after.max.ms"),
              "9223372036854775807")
        << topic;
    EXPECT_EQ(kafka::partition_count(kafka_, kafka_.name(topic)), 6) << topic;
  }
  for (const auto topic : {kafka::topic::kIngesterChangelog, kafka::topic::kImportProgress}) {
    EXPECT_EQ(topic_config(kafka_, kafka_.name(topic), "cleanup.policy"), "compact") << topic;
  }
}

TEST_F(DistributedTest, UnequalPartitionCountsAreRefusedWithAReason) {
  kafka::ensure_topics(kafka_, {{kafka_.name(kafka::topic::kAgreements), 3, false, true}});
  const Result r = run(ingester_args(), (dir_ / "ingester").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("has 3 partitions"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("needs them equal"), std::string::npos) << r.err;
}

TEST_F(DistributedTest, ALineTheBrokerRefusesIsSetAsideAndTheRestOfTheFileImported) {
  // A topic made by someone else, with Kafka 4's default: timestamps at most 1 h ahead.
  kafka::ensure_topics(kafka_,
                       {{kafka_.name(kafka::topic::kIncomingDataRecords), 6, false, false}});
  write_text(incoming() / "future.csv",
             "a;2020-01-02T00:00+01:00[Europe/Warsaw];48917846822;1\n"
             "b;2030-01-10T00:00+01:00[Europe/Warsaw];48917846822;2\n"
             "c;2020-01-03T00:00+01:00[Europe/Warsaw];48917846822;3\n");
  const Result imported = run(importer_args(), (dir_ / "importer").string());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  std::vector<std::string> ids;
  for (const KafkaMessage& m : read_topic(kafka_, kafka::topic::kIncomingDataRecords)) {
    ids.push_back(nlohmann::json::parse(m.value)["externalId"]);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "c"}));  // one key: one partition, in order
  const std::string report = read_text(incoming() / "processed" / "future.csv.report.txt");
  EXPECT_NE(report.find("line 2: the broker refused it"), std::string::npos) << report;
  EXPECT_NE(report.find("Invalid timestamp"), std::string::npos) << report;
  EXPECT_EQ(read_text(incoming() / "processed" / "future.csv.rejected"),
            "b;2030-01-10T00:00+01:00[Europe/Warsaw];48917846822;2\n");
}

TEST_F(DistributedTest, MalformedMessagesAreSkippedWithAReasonAndTheRestIsProcessed) {
  publish_inputs(1, 1, 1);
  {
    kafka::TransactionRunner producer(kafka_, kafka_.name("test-garbage"), {});
    ASSERT_TRUE(producer
                    .run([&](kafka::Transaction& t) {
                      t.produce(kafka_.name(kafka::topic::kAgreements), kafka::PartitionId{0},
                                "48917846822", "{not json", kafka::TimestampMs{0});
                      t.produce(kafka_.name(kafka::topic::kIncomingDataRecords), std::nullopt,
                                "48917846822",
                                R"({"externalId":"x","recordedAt":"2020-01-05",)"
                                R"("msisdn":"48917846822","recordedBytes":1})",
                                kafka::TimestampMs{0});
                    })
                    .committed);
  }
  ASSERT_EQ(run(importer_args(), (dir_ / "importer").string()).exit_code, 0);
  const Result ingested = run(ingester_args(), (dir_ / "ingester").string());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  EXPECT_NE(ingested.err.find("agreement is not valid JSON"), std::string::npos) << ingested.err;
  EXPECT_NE(ingested.err.find("recordedAt '2020-01-05'"), std::string::npos) << ingested.err;
  EXPECT_EQ(notifications().size(), 2u);
}

}  // namespace
}  // namespace mobilecs::testing
