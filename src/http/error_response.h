#pragma once

#include <functional>
#include <string>

#include "http/message.h"

namespace mobilecs::http {

// Answers with a JSON error: {"status":404,"error":"Not Found","message":"...","path":"..."}.
void send_error(const Request& req, Response& res, int status, const std::string& message);

// Runs `handle`, turning an api::ApiError into its 4xx/503 JSON answer, so no bad input
// reaches the server's catch-all (which would answer 500).
void answering_errors(const Request& req, Response& res, const std::function<void()>& handle);

}  // namespace mobilecs::http
