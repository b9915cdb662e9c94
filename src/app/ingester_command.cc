#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/stop_signal.h"
#include "ingester/ingester.h"
#include "rocks/rocks_data_record_store.h"

namespace mobilecs::app {

void add_ingester_command(CLI::App& app, int& exit_code) {
  struct Options {
    ingester::IngesterConfig config;
    bool until_idle = false;
    std::string store = "cassandra";
    cassandra::CassandraConfig cassandra;
    MetricsSettings metrics;
  };
  auto o = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "ingester",
      "Match, store and aggregate records from Kafka, publishing notifications exactly once "
      "(distributed role; start more to scale out)");
  command
      ->add_option("--state-dir", o->config.state_dir,
                   "Local state (rebuilt from Kafka when missing)")
      ->capture_default_str();
  auto* instance_id =
      command
          ->add_option("--instance-id", o->config.instance_id,
                       "Stable name of this ingester: its transactional id and, when given, its "
                       "static group membership (a restart within the session timeout keeps its "
                       "partitions without a rebalance)")
          ->check(instance_id_check())
          ->capture_default_str();
  command
      ->add_option_function<std::int64_t>(
          "--session-timeout-ms",
          [o](std::int64_t ms) { o->config.session_timeout = std::chrono::milliseconds(ms); },
          "How long the group waits for an ingester that stopped heartbeating before its "
          "partitions move (a static member's restart must fit in it)")
      ->check(CLI::Range(6000, 300000))
      ->default_str("10000");
  add_processor_options(*command, o->config.processor);
  command->add_flag("--until-idle", o->until_idle,
                    "Exit once this member has partitions, all read to their end and quiet "
                    "(tests, batch runs)");
  command
      ->add_option("--store", o->store,
                   "Where data records go: cassandra, or rocksdb (in the local state folder)")
      ->check(CLI::IsMember({"cassandra", "rocksdb"}))
      ->capture_default_str();
  add_metrics_options(*command, o->metrics);
  add_kafka_options(*command, o->config.kafka);
  add_cassandra_options(*command, o->cassandra);
  command->callback([o, instance_id, &exit_code] {
    o->config.static_membership = instance_id->count() > 0;
    RoleMetrics metrics(o->metrics,
                        runtime::RoleInfo{"ingester", o->config.instance_id, wall_clock_millis()});
    o->config.metrics = &metrics.pipeline();
    log_usage_policy(o->config.processor);
    rocks::Database local(o->config.state_dir, rocks::Database::Options{});
    std::unique_ptr<store::DataRecordStore> store;
    std::optional<std::stop_callback<std::function<void()>>> interrupt_store;
    if (o->store == "cassandra") {
      o->config.store_name = fmt::format("Cassandra at {} (keyspace {})",
                                         o->cassandra.contact_points, o->cassandra.keyspace);
      auto cassandra = std::make_unique<cassandra::CassandraDataRecordStore>(o->cassandra);
      // A write waiting for Cassandra must not hold the shutdown.
      interrupt_store.emplace(StopSignals::hard(),
                              std::function<void()>([c = cassandra.get()] { c->interrupt(); }));
      store = std::move(cassandra);
    } else {
      o->config.store_name = "the local store in " + o->config.state_dir.string();
      store = std::make_unique<rocks::RocksDataRecordStore>(local);
    }
    spdlog::info("data records go to {}", o->config.store_name);
    ingester::Ingester ingester(o->config, *store, local, StopSignals::soft(), StopSignals::hard());
    metrics.set_steps(&ingester.step_metrics());
    ingester.run(o->until_idle);
    exit_code = 0;
  });
}

}  // namespace mobilecs::app
