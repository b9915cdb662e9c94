#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mobilecs::http {

struct HttpConfig {
  std::string host = "0.0.0.0";
  int port = 8080;  // 0: any free port
  // Origins a browser may call the API from (the web UI's); "*" allows any.
  std::vector<std::string> cors_origins{"http://localhost:3000"};
  std::size_t max_body_bytes = 64 * 1024;  // larger bodies get 413
  int threads = 64;                        // each keep-alive connection holds one while open
};

}  // namespace mobilecs::http
