#pragma once

#include <string>
#include <vector>

#include "http/message.h"

namespace mobilecs::http {

// Cross-origin requests from the configured browser origins ("*": any).
class Cors {
 public:
  explicit Cors(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  // Adds the headers that let an allowed origin read `res`.
  void decorate(const Request& req, Response& res) const;
  // Answers a preflight (OPTIONS with an Origin): 204 with what is allowed, or 403.
  void preflight(const Request& req, Response& res) const;
  bool allowed(const std::string& origin) const;

 private:
  std::vector<std::string> origins_;
};

}  // namespace mobilecs::http
