#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/stop_signal.h"
#include "http/http_client.h"
#include "kafka/kafka_error.h"
#include "kafka/topic_admin.h"
#include "runtime/retry.h"
#include "store/store_error.h"

namespace mobilecs::app {
namespace {

runtime::RetryPolicy waiting_for(const std::string& what, const kafka::KafkaConfig& kafka,
                                 int seconds) {
  return runtime::RetryPolicy{what, kafka.retry_backoff, std::chrono::seconds(seconds)};
}

void add_init_command(CLI::App& app, int& exit_code) {
  struct Options {
    kafka::KafkaConfig kafka;
    cassandra::CassandraConfig cassandra;
    bool skip_cassandra = false;
    int wait_seconds = 300;
  };
  auto o = std::make_shared<Options>();
  auto* init = app.add_subcommand(
      "init",
      "Create the Kafka topics (with their partition counts) and the Cassandra keyspace and "
      "tables, waiting for the servers to come up: the one-shot step of a deployment");
  init->add_flag("--skip-cassandra", o->skip_cassandra, "Only the Kafka topics");
  init->add_option("--wait-seconds", o->wait_seconds, "How long to wait for the servers")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  add_kafka_options(*init, o->kafka);
  add_cassandra_options(*init, o->cassandra);
  init->callback([o, &exit_code] {
    // What the topics are is read back under the same wait: a busy cluster may be slow to
    // describe a topic it has just created.
    std::vector<std::string> layouts;
    runtime::retry_with_mitigation(
        waiting_for("creating the topics on " + o->kafka.bootstrap_servers, o->kafka,
                    o->wait_seconds),
        StopSignals::soft(),
        [&] {
          kafka::ensure_topics(o->kafka, kafka::mobilecs_topics(o->kafka));
          layouts.clear();
          for (const auto& t : kafka::mobilecs_topics(o->kafka)) {
            const kafka::TopicLayout layout = kafka::topic_layout(o->kafka, t.name);
            layouts.push_back(fmt::format(
                "topic {}: {} partitions, {} replicas, min.insync.replicas {}", t.name,
                layout.partitions, layout.replicas,
                kafka::topic_setting(o->kafka, t.name, "min.insync.replicas").value_or("?")));
          }
        },
        kafka::retry_while_unreachable);
    for (const std::string& layout : layouts) spdlog::info("{}", layout);
    if (!o->skip_cassandra) {
      cassandra::CassandraDataRecordStore store(o->cassandra);
      runtime::retry_with_mitigation(
          waiting_for(
              "creating keyspace " + o->cassandra.keyspace + " on " + o->cassandra.contact_points,
              o->kafka, o->wait_seconds),
          StopSignals::soft(), [&] { store.find_agreement(core::Uuid{}); },
          store::retry_while_retryable);
      spdlog::info("keyspace {} and its tables are ready", o->cassandra.keyspace);
    }
    exit_code = 0;
  });
}

void add_topics_command(CLI::App& app, int& exit_code) {
  struct Options {
    kafka::KafkaConfig kafka;
    bool all = false;
  };
  auto o = std::make_shared<Options>();
  auto* topics = app.add_subcommand("topics", "List or delete mobilecs' Kafka topics");
  topics->require_subcommand(1);
  auto* list = topics->add_subcommand("list", "The topics (of --topic-prefix, if given)");
  auto* remove = topics->add_subcommand(
      "delete", "Delete the topics of --topic-prefix (a test's, a trial deployment's)");
  remove->add_flag("--all-without-prefix", o->all,
                   "Allow an empty --topic-prefix: delete every topic of the cluster");
  for (auto* command : {list, remove}) add_kafka_options(*command, o->kafka);
  list->callback([o, &exit_code] {
    for (const auto& name : kafka::list_topics(o->kafka, o->kafka.prefix)) {
      fmt::print("{}\t{} partitions\n", name, kafka::partition_count(o->kafka, name));
    }
    exit_code = 0;
  });
  remove->callback([o, &exit_code] {
    if (o->kafka.prefix.empty() && !o->all) {
      spdlog::error("give --topic-prefix (or --all-without-prefix to delete every topic)");
      exit_code = 2;
      return;
    }
    const auto names = kafka::list_topics(o->kafka, o->kafka.prefix);
    kafka::delete_topics(o->kafka, names);
    spdlog::info("deleted {} topics", names.size());
    exit_code = 0;
  });
}

void add_keyspace_command(CLI::App& app, int& exit_code) {
  auto config = std::make_shared<cassandra::CassandraConfig>();
  auto* keyspace = app.add_subcommand("keyspace", "Drop a mobilecs Cassandra keyspace");
  keyspace->require_subcommand(1);
  auto* drop = keyspace->add_subcommand(
      "drop",
      "Drop the keyspace of --cassandra-keyspace and every record stored in it (a test's, a "
      "trial deployment's)");
  add_cassandra_options(*drop, *config);
  drop->callback([config, drop, &exit_code] {
    // Never the default by omission: this deletes every stored record.
    if (drop->get_option("--cassandra-keyspace")->count() == 0) {
      spdlog::error("name the keyspace to drop with --cassandra-keyspace");
      exit_code = 2;
      return;
    }
    cassandra::CassandraDataRecordStore(*config).drop_keyspace();
    spdlog::info("dropped keyspace {}", config->keyspace);
    exit_code = 0;
  });
}

void add_healthcheck_command(CLI::App& app, int& exit_code) {
  auto url = std::make_shared<std::string>("http://127.0.0.1:8080/health");
  auto ca_file = std::make_shared<std::string>();
  auto* check = app.add_subcommand(
      "healthcheck", "Exit 0 if the URL answers 200 within 2 s (a container's HEALTHCHECK)");
  check->add_option("--url", *url, "What to ask (http:// or https://)")->capture_default_str();
  check->add_option("--ca-file", *ca_file,
                    "For https: the CA that signed the server's certificate");
  check->callback([url, ca_file, &exit_code] {
    try {
      const auto res =
          http::http_get(*url, {}, http::ClientOptions{std::chrono::seconds(2), *ca_file});
      exit_code = res.status == 200 ? 0 : 1;
      if (exit_code != 0) fmt::print(stderr, "{}: HTTP {}\n", *url, res.status);
    } catch (const std::exception& e) {
      fmt::print(stderr, "{}\n", e.what());
      exit_code = 1;
    }
  });
}

}  // namespace

void add_admin_commands(CLI::App& app, int& exit_code) {
  add_init_command(app, exit_code);
  add_topics_command(app, exit_code);
  add_keyspace_command(app, exit_code);
  add_healthcheck_command(app, exit_code);
}

}  // namespace mobilecs::app
