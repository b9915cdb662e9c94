#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace mobilecs::http {

struct ClientOptions {
  std::chrono::milliseconds timeout{5000};  // for the whole exchange
  // For https: the CA certificates (PEM) to trust; empty: the system's.
  std::filesystem::path ca_file;
};

struct ClientResponse {
  int status = 0;
  std::string body;
};

// GET `url` (http:// or https://, the server's certificate checked against its name) with
// `headers`, the body at most 16 MiB. Throws std::runtime_error saying which URL and why
// (unreachable, timed out, TLS refused). The one HTTP client of mobilecs: JWKS, the roles'
// /status.
ClientResponse http_get(const std::string& url,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const ClientOptions& options = {});

}  // namespace mobilecs::http
