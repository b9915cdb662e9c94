#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "api/audit_trail.h"
#include "app/commands.h"
#include "app/stop_signal.h"
#include "core/codec/agreement_json.h"
#include "embedded/embedded_pipeline.h"
#include "files/atomic_file_writer.h"
#include "files/incoming_folder.h"
#include "files/last_lines.h"
#include "http/api_server.h"

namespace mobilecs::app {

namespace {

// Generated agreements go where an operator would drop them: a JSON Lines file in
// D/agreements/, written under a temporary name and renamed, for the pipeline to pick up.
void write_agreement_file(const embedded::DataFolder& folder,
                          std::span<const core::Agreement> agreements) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  static std::atomic<int> sequence{0};
  const files::Folder dir = files::Folder::open(folder.agreements(), folder.links);
  files::AtomicFileWriter out(
      dir,
      fmt::format("generated_{}_{:06}.jsonl",
                  std::chrono::duration_cast<std::chrono::milliseconds>(now).count(), sequence++));
  for (const auto& a : agreements) {
    out.append(core::agreement_to_json(a));
    out.append("\n");
  }
  out.commit();
}

// Complete input files not yet taken, per input folder; a folder unreadable now is left out.
std::vector<std::pair<std::string, std::size_t>> pending_files(const embedded::DataFolder& folder) {
  std::vector<std::pair<std::string, std::size_t>> out;
  for (const auto& [name, dir] :
       {std::pair{"agreements", folder.agreements()},
        std::pair{"incoming-data-records", folder.incoming_data_records()}}) {
    try {
      out.emplace_back(name,
                       files::list_complete_files(files::Folder::open(dir, folder.links)).size());
    } catch (const std::exception&) {
    }
  }
  return out;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  struct Options {
    embedded::EmbeddedConfig config;
    bool until_idle = false;
    std::optional<int> http_port;
    ApiSettings api;
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
  add_symlinked_folders_flag(*run, o->config.folder.links);
  run->add_flag("--sync", o->config.sync,
                "Sync every commit to disk (survives power loss, slower)");
  add_processor_options(*run, o->config.processor);
  run->add_option("--records-per-commit", o->config.runner.max_step_records,
                  "Records per atomic step (larger: faster; smaller: less to redo after a crash)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->group("Tuning");
  run->add_option("--read-chunk-bytes", o->config.read_chunk_bytes, "Bytes of input read at a time")
      ->check(CLI::Range(std::size_t{4096}, std::size_t{1} << 30))
      ->capture_default_str()
      ->group("Tuning");
  run->add_option(
         "--http", o->http_port,
         "Also serve the HTTP API (docs/http-api.md) on this port, over the embedded store")
      ->check(CLI::Range(0, 65535));
  add_api_options(*run, o->api);
  run->callback([o, &exit_code] {
    const runtime::RoleInfo role{"run", o->config.folder.root.string(), wall_clock_millis()};
    metrics::Registry registry;
    metrics::PipelineMetrics pipeline_metrics(registry);
    // The embedded pipeline's consumer lag: complete input files not yet taken.
    registry.gauge_callback("mobilecs_input_files_pending",
                            "Complete input files waiting to be imported, by folder",
                            [folder = o->config.folder] {
                              std::vector<std::pair<metrics::Registry::Labels, double>> out;
                              for (const auto& [name, count] : pending_files(folder)) {
                                out.push_back({{{"folder", name}}, static_cast<double>(count)});
                              }
                              return out;
                            });
    o->config.metrics = &pipeline_metrics;
    log_usage_policy(o->config.processor);
    embedded::EmbeddedPipeline pipeline(o->config);
    // The console (with --http only): the notifications so far and each new one, and the
    // pipeline's own state.
    api::NotificationFeed notifications;
    if (o->http_port) {
      for (const std::string& line : files::last_lines(o->config.folder.notifications(), 10'000)) {
        notifications.add(api::NotificationFeed::Kind::kNotification, line);
      }
      for (const std::string& line : files::last_lines(o->config.folder.alerts(), 10'000)) {
        notifications.add(api::NotificationFeed::Kind::kAlert, line);
      }
      pipeline.step_metrics().on_notification(
          [&notifications](const core::Notification& n) { notifications.add(n); });
      pipeline.step_metrics().on_alert(
          [&notifications](const core::UsageAlert& a) { notifications.add(a); });
    }
    const auto status = [&role, &pipeline_metrics, &pipeline, o] {
      auto s = runtime::role_status(role, pipeline_metrics, &pipeline.step_metrics());
      if (o->api.auth.allow_anonymous) s["warnings"] = {kAnonymousWarning};
      return s;
    };
    api::PipelineMonitor monitor(
        {api::PipelineMonitor::Probe{"run", "", [&status] { return std::optional(status()); }}},
        [folder = o->config.folder] {
          auto lag = nlohmann::ordered_json::array();
          for (const auto& [name, count] : pending_files(folder)) {
            lag.push_back({{"folder", name}, {"lag", count}});
          }
          return lag;
        },
        prometheus_alerts(o->api.prometheus_url));
    // In this order: the server goes first, before what its handlers use.
    std::optional<files::Folder> root;
    std::optional<api::FileAuditTrail> audit;
    std::optional<http::ApiServer> server;
    std::optional<StopSignals::Registration> reload;
    std::optional<std::string> token;  // the console's, when no credential is configured
    if (o->http_port) {
      monitor.start();
      o->api.http.port = *o->http_port;
      const embedded::DataFolder folder = o->config.folder;
      root.emplace(files::Folder::open(folder.root, folder.links));
      audit.emplace(*root, "audit.jsonl");
      if (!credentials_configured(o->api.auth) && !o->api.auth.allow_anonymous) {
        token = console_token(*root);
      }
      auto authenticator = make_authenticator(o->api.auth, token ? &*token : nullptr);
      server.emplace(
          o->api.http, o->api.generate, o->api.graphql,
          http::ApiServer::Parts{
              pipeline.data_records(),
              api::GenerateTargets{[folder](std::span<const core::Agreement> batch) {
                                     write_agreement_file(folder, batch);
                                   },
                                   folder.incoming_data_records(), &pipeline.data_records(),
                                   folder.links},
              {},
              registry,
              &pipeline_metrics.store_write_seconds,
              notifications,
              monitor,
              status,
              std::move(authenticator),
              &*audit,
              true,
              o->config.processor.usage_policy ? &*o->config.processor.usage_policy : nullptr});
      server->start();
      reload.emplace(StopSignals::on_hangup([&server] { server->reload_tls(); }));
      if (token) {
        // On standard output, not in the log: the token is a secret (as Jupyter prints its own).
        spdlog::info(
            "no credential is configured (MOBILECS_API_TOKEN, --api-tokens-file, --jwks-*): the "
            "console takes this data folder's token ({}/.console-token); its address is on "
            "standard output",
            folder.root.string());
        std::printf("The console, with this data folder's token (keep it to yourself):\n  %s\n",
                    console_address(o->api.http.tls.enabled() ? "https" : "http", o->api.http.host,
                                    server->port(), *token)
                        .c_str());
        std::fflush(stdout);
      }
    }
    pipeline.run(o->until_idle, StopSignals::soft());
    reload.reset();
    if (server) server->stop();
    exit_code = 0;
  });
}

}  // namespace mobilecs::app
