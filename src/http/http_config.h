#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace mobilecs::http {

// A certificate chain and its private key, PEM files; both empty: no TLS.
struct TlsFiles {
  std::filesystem::path certificate;
  std::filesystem::path private_key;
  bool enabled() const { return !certificate.empty(); }
};

struct HttpConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  // Origins a browser may call the API from (a web UI elsewhere); "*" allows any. None by
  // default: the console served at / is same-origin and needs none.
  std::vector<std::string> cors_origins;
  // Names the API may be reached by (the Host header; a browser's Origin too): a page of another
  // site that a DNS name of its own points at this server cannot read it (DNS rebinding).
  // "*": any. Health and readiness probes answer whatever the Host.
  std::vector<std::string> allowed_hosts{"localhost", "127.0.0.1", "::1"};
  // HTTPS with this certificate (reloaded on SIGHUP); HTTP without.
  TlsFiles tls;
  bool access_log = false;                   // one log line per request
  std::size_t max_body_bytes = 64 * 1024;    // larger bodies get 413
  std::size_t max_header_bytes = 16 * 1024;  // larger headers get 431
  int io_threads = 2;                        // connections (event-driven: no thread per connection)
  int threads = 16;                          // handlers that may block (store reads, GraphQL)
  // Connections open at once; at the limit the longest idle one makes room for a new one.
  std::size_t max_connections = 10'000;
  // Deadlines per connection: the headers of a request once its first byte came, its body,
  // a kept-alive connection waiting for the next request, writing an answer, and handling it.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds request_timeout{30'000};
  std::chrono::milliseconds event_stream_heartbeat{15'000};
};

}  // namespace mobilecs::http
