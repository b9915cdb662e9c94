#include <cstdlib>

#include "app/commands.h"
#include "app/stop_signal.h"
#include "importer/importer.h"

namespace mobilecs::app {

void add_importer_command(CLI::App& app, int& exit_code) {
  struct Options {
    importer::ImporterConfig config;
    bool until_idle = false;
    MetricsSettings metrics;
  };
  auto o = std::make_shared<Options>();
  const char* incoming = std::getenv("MOBILECS_INCOMING_DATA_RECORDS_DIR");
  if (incoming != nullptr && *incoming != '\0') o->config.incoming_dir = incoming;
  auto* command = app.add_subcommand(
      "importer", "Import incoming data record files into Kafka, exactly once (distributed role)");
  command->add_option("--dir", o->config.incoming_dir, "Incoming folder")
      ->envname("MOBILECS_INCOMING_DATA_RECORDS_DIR")
      ->capture_default_str();
  command
      ->add_option("--instance-id", o->config.instance_id,
                   "Stable name of this importer (its transactional id and claim folder)")
      ->check(instance_id_check())
      ->capture_default_str();
  add_symlinked_folders_flag(*command, o->config.folder_links);
  command->add_flag("--until-idle", o->until_idle, "Exit once every complete file is imported");
  add_metrics_options(*command, o->metrics);
  add_kafka_options(*command, o->config.kafka);
  command->callback([o, &exit_code] {
    RoleMetrics metrics(o->metrics,
                        runtime::RoleInfo{"importer", o->config.instance_id, wall_clock_millis()});
    o->config.metrics = &metrics.pipeline();
    importer::Importer importer(o->config, StopSignals::soft(), StopSignals::hard());
    metrics.set_steps(&importer.step_metrics());
    importer.run(o->until_idle);
    exit_code = 0;
  });
}

}  // namespace mobilecs::app
