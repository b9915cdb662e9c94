#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/generate_commands.h"
#include "app/stop_signal.h"
#include "embedded/embedded_pipeline.h"

namespace mobilecs::app {
namespace fs = std::filesystem;

namespace {

// How the user called mobilecs, for commands to suggest.
std::string program_name() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "mobilecs";
  // On the PATH under its own name: just the name.
  if (const char* path = std::getenv("PATH")) {
    std::string_view dirs(path);
    while (!dirs.empty()) {
      const auto colon = dirs.find(':');
      if (fs::path(dirs.substr(0, colon)) / "mobilecs" == self) return "mobilecs";
      if (colon == std::string_view::npos) break;
      dirs.remove_prefix(colon + 1);
    }
  }
  return self.string();
}

int run_demo(const std::optional<fs::path>& data_dir) {
  fs::path dir;
  if (data_dir) {
    dir = *data_dir;
    if (fs::exists(dir) && !fs::is_empty(dir)) {
      spdlog::error(
          "{} is not empty: the demo generates a fresh data set; remove it or pick "
          "another --data-dir",
          dir.string());
      return 2;
    }
    fs::create_directories(dir);
  } else {
    std::string pattern = (fs::temp_directory_path() / "mobilecs-demo-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      spdlog::error("cannot create a temporary folder under {}",
                    fs::temp_directory_path().string());
      return 1;
    }
    dir = pattern;
  }
  const embedded::DataFolder folder{dir};
  generate_agreement_file(1, folder.agreements());
  generate_incoming_record_files(1, 1, folder.incoming_data_records());

  {
    embedded::EmbeddedPipeline pipeline(embedded::EmbeddedConfig{folder});
    pipeline.run(/*until_idle=*/true, StopSignals::soft());
  }

  std::ifstream notifications(folder.notifications());
  std::string line;
  while (std::getline(notifications, line)) {
    const auto message = nlohmann::ordered_json::parse(line);
    fmt::print("CreateTime:{}\t{}\n", message["timestamp"].get<std::int64_t>(),
               message["value"].dump());
  }
  std::fflush(stdout);
  spdlog::info("demo data, state and notifications are in {}", dir.string());
  // The console's address holds the data folder's token: written for the person at the
  // terminal, not through the logger (whose lines may be collected elsewhere).
  std::fprintf(
      stderr,
      "to see them in the web console: %s run --data-dir %s --http 8080\n"
      "then open %s\n",
      program_name().c_str(), dir.string().c_str(),
      console_address("http", "127.0.0.1", 8080, console_token(files::Folder::open(dir))).c_str());
  return 0;
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  auto dir = std::make_shared<std::optional<fs::path>>();
  auto* demo = app.add_subcommand(
      "demo",
      "Generate the reference data set, run the embedded pipeline until idle, print the "
      "notifications as CreateTime:<ms><TAB><json>");
  demo->add_option("--data-dir", *dir, "Empty folder for the demo (default: a new temp folder)");
  demo->callback([dir, &exit_code] { exit_code = run_demo(*dir); });
}

}  // namespace mobilecs::app
