#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "app/demo_command.h"
#include "app/generate_commands.h"
#include "app/stop_signal.h"
#include "embedded/embedded_pipeline.h"

namespace fs = std::filesystem;
using namespace mobilecs;

namespace {

void setup_logging() {
  auto logger = spdlog::stderr_color_mt("mobilecs");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  if (const char* level = std::getenv("MOBILECS_LOG_LEVEL")) {
    spdlog::set_level(spdlog::level::from_str(level));
  }
}

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  setup_logging();
  CLI::App app{"mobilecs: live tracking of mobile data usage"};
  app.require_subcommand(1);

  // demo
  std::optional<fs::path> demo_dir;
  auto* demo = app.add_subcommand(
      "demo",
      "Generate the reference data set, run the embedded pipeline until idle, print the "
      "notifications");
  demo->add_option("--data-dir", demo_dir,
                   "Empty folder for the demo (default: a new temp folder)");

  // run
  fs::path run_dir = env_or("MOBILECS_DATA_DIR", "mobilecs-data");
  bool until_idle = false;
  bool sync = false;
  std::int64_t out_of_orderness_ms = 0;
  std::int64_t idle_timeout_ms = 10'000;
  std::size_t records_per_commit = embedded::EmbeddedConfig{}.records_per_commit;
  std::size_t read_chunk_bytes = embedded::EmbeddedConfig{}.read_chunk_bytes;
  auto* run = app.add_subcommand(
      "run",
      "The whole pipeline in one process: files in, RocksDB state, notifications to a "
      "JSON Lines file");
  run->add_option("--data-dir", run_dir,
                  "Data folder: agreements/, incoming-data-records/, state/ and outputs")
      ->envname("MOBILECS_DATA_DIR")
      ->capture_default_str();
  run->add_flag("--until-idle", until_idle, "Exit once everything present is processed");
  run->add_flag("--sync", sync, "Sync every commit to disk (survives power loss, slower)");
  run->add_option("--allowed-out-of-orderness-ms", out_of_orderness_ms,
                  "How long the watermark waits for late records")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  run->add_option("--idle-timeout-ms", idle_timeout_ms,
                  "Quiet time after which a caught-up input stops holding the watermark back")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  run->add_option("--records-per-commit", records_per_commit,
                  "Records per atomic step (larger: faster; smaller: less to redo after a crash)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->group("Tuning");
  run->add_option("--read-chunk-bytes", read_chunk_bytes, "Bytes of input read at a time")
      ->check(CLI::Range(std::size_t{4096}, std::size_t{1} << 30))
      ->capture_default_str()
      ->group("Tuning");

  // generate
  auto* generate = app.add_subcommand("generate", "Generate the reference data set (SPEC §5)");
  generate->require_subcommand(1);
  int agreement_count = 0;
  fs::path agreements_dir;
  auto* gen_agreements = generate->add_subcommand("agreements", "The first N reference agreements");
  gen_agreements->add_option("--count", agreement_count, "How many")
      ->required()
      ->check(CLI::PositiveNumber);
  gen_agreements->add_option("--dir", agreements_dir, "Folder to write a JSON Lines file into")
      ->required();

  int subscribers = 0, record_months = 0;
  fs::path records_dir = env_or("MOBILECS_INCOMING_DATA_RECORDS_DIR", "/tmp/incoming-data-records");
  auto* gen_records = generate->add_subcommand("incoming-data-records",
                                               "M monthly files of usage for N subscribers");
  gen_records->add_option("--subscribers", subscribers, "Subscribers")
      ->required()
      ->check(CLI::PositiveNumber);
  gen_records->add_option("--months", record_months, "Months, one file each")
      ->required()
      ->check(CLI::PositiveNumber);
  gen_records->add_option("--dir", records_dir, "Incoming folder")
      ->envname("MOBILECS_INCOMING_DATA_RECORDS_DIR")
      ->capture_default_str();

  int direct_agreements = 0, direct_months = 0;
  fs::path direct_data_dir;
  auto* gen_data =
      generate->add_subcommand("data-records", "Data records written directly to the store");
  gen_data->add_option("--agreements", direct_agreements, "Agreements")
      ->required()
      ->check(CLI::PositiveNumber);
  gen_data->add_option("--months", direct_months, "Months per agreement")
      ->required()
      ->check(CLI::PositiveNumber);
  gen_data->add_option("--data-dir", direct_data_dir, "Data folder of the embedded store")
      ->required();

  CLI11_PARSE(app, argc, argv);

  try {
    if (*demo) {
      return app::run_demo(demo_dir);
    }
    if (*run) {
      const auto& stop = app::install_stop_signal_handlers();
      embedded::EmbeddedConfig config{embedded::DataFolder{run_dir}};
      config.sync = sync;
      config.processor.allowed_out_of_orderness = out_of_orderness_ms;
      config.processor.idle_timeout = idle_timeout_ms;
      config.records_per_commit = records_per_commit;
      config.read_chunk_bytes = read_chunk_bytes;
      embedded::EmbeddedPipeline pipeline(config);
      pipeline.run(until_idle, stop);
      return 0;
    }
    if (*gen_agreements) {
      spdlog::info("wrote {}",
                   app::generate_agreement_file(agreement_count, agreements_dir).string());
      return 0;
    }
    if (*gen_records) {
      for (const auto& path :
           app::generate_incoming_record_files(subscribers, record_months, records_dir)) {
        spdlog::info("wrote {}", path.string());
      }
      return 0;
    }
    if (*gen_data) {
      app::generate_data_records_embedded(direct_agreements, direct_months, direct_data_dir);
      return 0;
    }
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}
