#include "http/error_response.h"

#include <nlohmann/json.hpp>

#include "api/api_error.h"

namespace mobilecs::http {
namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 431:
      return "Request Header Fields Too Large";
    case 415:
      return "Unsupported Media Type";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status < 500 ? "Client Error" : "Server Error";
  }
}

}  // namespace

void send_error(const Request& req, Response& res, int status, const std::string& message) {
  nlohmann::ordered_json body;
  body["status"] = status;
  body["error"] = reason_phrase(status);
  body["message"] = message;
  body["path"] = req.path;
  res.status = status;
  // Messages may quote the client's bytes: replace invalid UTF-8 rather than fail to answer.
  res.set(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void answering_errors(const Request& req, Response& res, const std::function<void()>& handle) {
  try {
    handle();
  } catch (const api::ApiError& e) {
    switch (e.kind()) {
      case api::ErrorKind::kInvalidInput:
        send_error(req, res, 400, e.what());
        break;
      case api::ErrorKind::kNotFound:
        send_error(req, res, 404, e.what());
        break;
      case api::ErrorKind::kUnavailable:
        send_error(req, res, 503, e.what());
        break;
    }
  }
}

}  // namespace mobilecs::http
