#pragma once

#include <httplib.h>

#include <functional>
#include <string>

namespace mobilecs::http {

// Answers with a JSON error: {"status":404,"error":"Not Found","message":"...","path":"..."}.
void send_error(const httplib::Request& req, httplib::Response& res, int status,
                const std::string& message);

// Runs `handle`, turning an api::ApiError into its 4xx/503 JSON answer, so no bad input
// reaches the server's catch-all (which would answer 500).
void answering_errors(const httplib::Request& req, httplib::Response& res,
                      const std::function<void()>& handle);

}  // namespace mobilecs::http
