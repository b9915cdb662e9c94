#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>

#include "app/commands.h"
#include "app/stop_signal.h"
#include "app/version.h"
#include "runtime/stop.h"

namespace {

void setup_logging() {
  auto logger = spdlog::stderr_color_mt("mobilecs");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  if (const char* level = std::getenv("MOBILECS_LOG_LEVEL")) {
    spdlog::set_level(spdlog::level::from_str(level));
  }
}

}  // namespace

int main(int argc, char** argv) {
  mobilecs::app::StopSignals::install();  // before any thread starts
  setup_logging();
  CLI::App app{"mobilecs: live tracking of mobile data usage"};
  app.require_subcommand(1);
  app.set_version_flag("--version",
                       fmt::format("mobilecs {} (commit {})", MOBILECS_VERSION, MOBILECS_COMMIT));
  int exit_code = 0;
  mobilecs::app::add_demo_command(app, exit_code);
  mobilecs::app::add_run_command(app, exit_code);
  mobilecs::app::add_generate_command(app, exit_code);
  mobilecs::app::add_importer_command(app, exit_code);
  mobilecs::app::add_ingester_command(app, exit_code);
  mobilecs::app::add_backend_command(app, exit_code);
  mobilecs::app::add_admin_commands(app, exit_code);
  if (const auto problem = mobilecs::app::unknown_command(app, argc, argv)) {
    std::fprintf(stderr, "%s\n", problem->c_str());
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const mobilecs::runtime::Stopped&) {
    spdlog::info("stopped before it got going");
    return 0;
  } catch (const std::filesystem::filesystem_error& e) {
    if (e.code() == std::errc::no_space_on_device) {
      spdlog::error(
          "{} (free space on the disk holding {} and start again; everything "
          "committed so far is kept)",
          e.what(), e.path1().parent_path().string());
    } else {
      spdlog::error("{}", e.what());
    }
    return 1;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return exit_code;
}
