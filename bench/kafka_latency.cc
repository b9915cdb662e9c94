// Latency of the distributed roles on the local broker (scripts/stack up): from the rename of a
// file into the incoming folder to its DATA_PLAN_EXCEEDED notification being visible to a
// read_committed consumer. Starts an importer and an ingester, publishes agreements, then drops
// one file at a time, each with one record over its subscriber's plan. Prints p50, p99 and max.
//   build/bench/kafka_latency [TRIALS] [MOBILECS_BINARY] [STORE: cassandra (default) or rocksdb]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numeric>
#include <thread>

#include "core/codec/agreement_json.h"
#include "generator/agreements_generator.h"
#include "kafka/group_consumer.h"
#include "kafka/kafka_config.h"
#include "kafka/topic_admin.h"
#include "kafka/transaction_runner.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

using namespace mobilecs;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const int trials = argc > 1 ? std::stoi(argv[1]) : 200;
  const std::string binary = argc > 2 ? argv[2] : "build/src/app/mobilecs";
  const std::string store = argc > 3 ? argv[3] : "cassandra";
  testing::TempDir dir;
  kafka::KafkaConfig config;
  config.prefix = fmt::format("latency-{}-{}.", ::getpid(), std::time(nullptr));
  kafka::ensure_topics(config, kafka::mobilecs_topics(config));

  generator::AgreementsGenerator generator;
  std::vector<core::Agreement> agreements;
  for (int i = 0; i < trials; ++i) agreements.push_back(generator.next());
  kafka::TransactionRunner producer(config, config.name("latency-agreements"), {});
  while (!producer
              .run([&](kafka::Transaction& t) {
                for (const auto& a : agreements) {
                  t.produce(config.name(kafka::topic::kAgreements), std::nullopt, a.msisdn,
                            core::agreement_to_json(a),
                            kafka::TimestampMs{a.signed_at.instant.epoch_millis()});
                }
              })
              .committed) {
  }

  const auto incoming = dir / "incoming";
  std::filesystem::create_directories(incoming);
  const std::vector<std::string> kafka_args{"--topic-prefix", config.prefix};
  std::vector<std::string> importer_args{binary, "importer", "--dir", incoming.string()};
  importer_args.insert(importer_args.end(), kafka_args.begin(), kafka_args.end());
  std::vector<std::string> ingester_args{binary, "ingester",    "--store",
                                         store,  "--state-dir", (dir / "state").string()};
  ingester_args.insert(ingester_args.end(), kafka_args.begin(), kafka_args.end());
  testing::Process importer(importer_args, (dir / "importer").string());
  testing::Process ingester(ingester_args, (dir / "ingester").string());

  kafka::KafkaConfig reader_config = config;
  reader_config.client_settings.emplace_back("fetch.wait.max.ms", "10");
  kafka::GroupConsumerSettings reader;
  reader.group = config.name("latency-reader");
  reader.client_id = "latency-reader";
  reader.topics = {config.name(kafka::topic::kDataRecordsAggregates)};
  kafka::GroupConsumer consumer(reader_config, std::move(reader));
  consumer.subscribe();

  // Let the roles settle: the ingester joins its group and reads the agreements.
  while (testing::read_text(dir / "ingester.err").find("assigned partitions") ==
         std::string::npos) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));

  std::vector<double> latencies_ms;
  for (int i = 0; i < trials; ++i) {
    const core::Agreement& a = agreements[static_cast<std::size_t>(i)];
    // One record a day into January, well over the plan (at most 10 GiB).
    const std::string line =
        fmt::format("latency-{};2020-01-{:02}T12:00+01:00[Europe/Warsaw];{};{}\n", i, 2 + i % 28,
                    a.msisdn, 11LL << 30);
    const auto tmp = incoming / fmt::format("tmp-{}.csv", i);
    testing::write_text(tmp, line);
    const auto renamed = Clock::now();
    std::filesystem::rename(tmp, incoming / fmt::format("latency-{}.csv", i));
    const std::string wanted = a.id.to_string();
    for (bool seen = false; !seen;) {
      const auto event = consumer.poll(std::chrono::milliseconds(50));
      if (event && event->message && event->message->key() == wanted) {
        seen = nlohmann::json::parse(event->message->value().value_or("{}"))["type"] ==
               "DATA_PLAN_EXCEEDED";
      }
      if (Clock::now() - renamed > std::chrono::seconds(60)) {
        fmt::print(stderr, "no notification for trial {} within 60 s\n", i);
        return 1;
      }
    }
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - renamed).count());
  }
  const std::vector<double> by_file_ms = latencies_ms;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto at = [&](double q) {
    return latencies_ms[static_cast<std::size_t>(q * (latencies_ms.size() - 1))];
  };
  fmt::print("{} files: rename to DATA_PLAN_EXCEEDED p50 {:.0f} ms, p99 {:.0f} ms, max {:.0f} ms\n",
             trials, at(0.5), at(0.99), latencies_ms.back());
  // With a few hundred files p99 is one of the slowest few: show them, and which file they were.
  std::vector<std::size_t> order(by_file_ms.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return by_file_ms[a] > by_file_ms[b]; });
  order.resize(std::min<std::size_t>(order.size(), 5));
  fmt::print("slowest:");
  for (const std::size_t i : order) fmt::print(" file {} {:.0f} ms;", i, by_file_ms[i]);
  fmt::print("\n");
  consumer.close(std::chrono::seconds(5));
  importer.signal(SIGTERM);
  ingester.signal(SIGTERM);
  return 0;
}
