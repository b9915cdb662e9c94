#include "app/commands.h"

namespace mobilecs::app {

void add_api_options(CLI::App& command, ApiSettings& settings) {
  http::HttpConfig& http = settings.http;
  api::GenerateConfig& generate = settings.generate;
  graphql::CostLimits& limits = settings.graphql;
  command
      .add_option("--prometheus-url", settings.prometheus_url,
                  "The Prometheus scraping the roles: the console's pipeline page shows the "
                  "alerts firing there")
      ->envname("PROMETHEUS_URL")
      ->group("HTTP API");
  command.add_option("--http-host", http.host, "Address the HTTP API listens on")
      ->envname("MOBILECS_HTTP_HOST")
      ->capture_default_str()
      ->group("HTTP API");
  command
      .add_option("--http-allowed-hosts", http.allowed_hosts,
                  "Names the API may be reached by (its Host header), comma separated; * for "
                  "any. Refuses pages of other sites that point a name of theirs at it")
      ->envname("MOBILECS_HTTP_ALLOWED_HOSTS")
      ->delimiter(',')
      ->capture_default_str()
      ->group("HTTP API");
  command
      .add_option("--tls-cert", http.tls.certificate,
                  "Serve HTTPS with this certificate chain (PEM; read again on SIGHUP)")
      ->envname("MOBILECS_TLS_CERT")
      ->check(CLI::ExistingFile)
      ->group("HTTP API");
  auto* key = command
                  .add_option("--tls-key", http.tls.private_key,
                              "The private key of --tls-cert (PEM; read again on SIGHUP)")
                  ->envname("MOBILECS_TLS_KEY")
                  ->check(CLI::ExistingFile)
                  ->group("HTTP API");
  key->needs(command.get_option("--tls-cert"));
  command.get_option("--tls-cert")->needs(key);
  command
      .add_flag("--http-access-log", http.access_log,
                "Log each request: method, path, status, who, bytes and time")
      ->group("HTTP API");
  command
      .add_option("--cors-origin", http.cors_origins,
                  "Origin a browser may call the API from (the web UI's); repeat for more, * for "
                  "any")
      ->envname("MOBILECS_CORS_ORIGINS")
      ->delimiter(',')
      ->capture_default_str()
      ->group("HTTP API");
  command
      .add_option("--http-threads", http.threads,
                  "Threads handling requests that wait on the store (connections need none)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str()
      ->group("HTTP API");
  command
      .add_option("--max-connections", http.max_connections,
                  "Connections open at once; at the limit the longest idle one makes room")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1'000'000}))
      ->capture_default_str()
      ->group("HTTP API");
  command
      .add_option("--graphql-max-field-visits", limits.max_field_visits,
                  "GraphQL: fields a query may ask for once its fragments are expanded")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}))
      ->capture_default_str()
      ->group("HTTP API");
  command.add_option("--graphql-max-depth", limits.max_depth, "GraphQL: nesting of fields")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}))
      ->capture_default_str()
      ->group("HTTP API");
  command.add_option("--graphql-max-aliases", limits.max_aliases, "GraphQL: aliases in a query")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000}))
      ->capture_default_str()
      ->group("HTTP API");
  command.add_option("--graphql-max-tokens", limits.max_tokens, "GraphQL: tokens in a query")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}))
      ->capture_default_str()
      ->group("HTTP API");
  command.add_option("--max-body-bytes", http.max_body_bytes, "Larger request bodies get 413")
      ->check(CLI::Range(std::size_t{64}, std::size_t{1} << 30))
      ->capture_default_str()
      ->group("HTTP API");
  command
      .add_option("--generate-agreements", generate.agreements_per_call,
                  "Agreements each GET /api/agreements/generate publishes")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str()
      ->group("HTTP API");
  command
      .add_option("--generate-subscribers", generate.subscribers,
                  "Subscribers in each file GET /api/incoming-data-records/generate writes")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str()
      ->group("HTTP API");
  command
      .add_option("--generate-data-record-agreements", generate.data_record_agreements,
                  "Agreements each GET /api/data-records/generate covers")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str()
      ->group("HTTP API");
  command
      .add_option("--generate-data-record-months", generate.data_record_months,
                  "Months each GET /api/data-records/generate covers")
      ->check(CLI::Range(1, 1200))
      ->capture_default_str()
      ->group("HTTP API");
  add_auth_options(command, settings.auth);
}

}  // namespace mobilecs::app
