#include <cstdlib>

#include "app/commands.h"
#include "app/stop_signal.h"
#include "embedded/embedded_pipeline.h"

namespace mobilecs::app {

void add_run_command(CLI::App& app, int& exit_code) {
  struct Options {
    embedded::EmbeddedConfig config;
    bool until_idle = false;
  };
  auto o = std::make_shared<Options>();
  const char* data_dir = std::getenv("MOBILECS_DATA_DIR");
  o->config.folder.root = data_dir != nullptr && *data_dir != '\0' ? data_dir : "mobilecs-data";
  auto* run = app.add_subcommand(
      "run",
      "The whole pipeline in one process: files in, RocksDB state, notifications to a JSON "
      "Lines file");
  run->add_option("--data-dir", o->config.folder.root,
                  "Data folder: agreements/, incoming-data-records/, state/ and outputs")
      ->envname("MOBILECS_DATA_DIR")
      ->capture_default_str();
  run->add_flag("--until-idle", o->until_idle, "Exit once everything present is processed");
  run->add_flag("--sync", o->config.sync,
                "Sync every commit to disk (survives power loss, slower)");
  run->add_option("--allowed-out-of-orderness-ms", o->config.processor.allowed_out_of_orderness,
                  "How long the watermark waits for late records")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  run->add_option("--idle-timeout-ms", o->config.processor.idle_timeout,
                  "Quiet time after which a caught-up input stops holding the watermark back")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  run->add_option("--records-per-commit", o->config.records_per_commit,
                  "Records per atomic step (larger: faster; smaller: less to redo after a crash)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->group("Tuning");
  run->add_option("--read-chunk-bytes", o->config.read_chunk_bytes, "Bytes of input read at a time")
      ->check(CLI::Range(std::size_t{4096}, std::size_t{1} << 30))
      ->capture_default_str()
      ->group("Tuning");
  run->callback([o, &exit_code] {
    const auto& stop = install_stop_signal_handlers();
    embedded::EmbeddedPipeline pipeline(o->config);
    pipeline.run(o->until_idle, stop);
    exit_code = 0;
  });
}

}  // namespace mobilecs::app
