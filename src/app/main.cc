#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>

#include "app/commands.h"
#include "app/stop_signal.h"
#include "app/version.h"
#include "files/printable.h"
#include "runtime/stop.h"

namespace {

// The message with its control characters escaped: a file name, a request path or a broker's
// error text cannot break a log line or forge another (CWE-117).
class PrintableMessage : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    if (!mobilecs::files::has_control_characters(payload)) {
      dest.append(payload.data(), payload.data() + payload.size());
      return;
    }
    const std::string escaped = mobilecs::files::printable(payload);
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PrintableMessage>();
  }
};

void setup_logging() {
  auto logger = spdlog::stderr_color_mt("mobilecs");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<PrintableMessage>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %*");
  logger->set_formatter(std::move(formatter));
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
  mobilecs::app::add_api_token_command(app, exit_code);
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
