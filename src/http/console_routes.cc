#include "http/console_routes.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "api/api_error.h"
#include "api/data_record_json.h"
#include "api/usage_summary.h"
#include "core/codec/agreement_json.h"
#include "http/console_assets.h"
#include "http/error_response.h"

namespace mobilecs::http {
namespace {

using Json = nlohmann::ordered_json;

std::optional<int> integer_param(const Request& req, std::string_view name, int low, int high) {
  const auto text = req.query_value(name);
  if (!text || text->empty()) return std::nullopt;
  int value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < low || value > high) {
    throw api::ApiError(api::ErrorKind::kInvalidInput,
                        fmt::format("parameter '{}' must be a whole number from {} to {}, not '{}'",
                                    name, low, high, *text));
  }
  return value;
}

std::string entry_json(const api::NotificationFeed::Entry& e) {
  // {"sequence":N, ...the line's own fields}
  return fmt::format(R"({{"sequence":{},{})", e.sequence, e.line.substr(1));
}

// The feed's messages of `kind` the query asks for (type, agreementId, year, month, limit), newest
// first, as a JSON array.
std::string history_json(const api::NotificationFeed& feed, api::NotificationFeed::Kind kind,
                         const Request& req, std::string_view types) {
  api::NotificationFeed::Filter filter;
  filter.kind = kind;
  if (const auto type = req.query_value("type"); type && !type->empty()) {
    const auto literal = api::NotificationFeed::type_literal(kind, *type);
    if (!literal) {
      throw api::ApiError(api::ErrorKind::kInvalidInput,
                          fmt::format("parameter 'type' must be {}, not '{}'", types, *type));
    }
    filter.type = std::string(*literal);
  }
  if (const auto id = req.query_value("agreementId"); id && !id->empty()) {
    filter.agreement_id = api::parse_agreement_id(*id);
  }
  filter.year = integer_param(req, "year", 1, 9999);
  filter.month = integer_param(req, "month", 1, 12);
  const int limit = integer_param(req, "limit", 1, 10'000).value_or(100);
  std::string body = "[";
  for (const auto& e : feed.history(filter, static_cast<std::size_t>(limit))) {
    if (body.size() > 1) body += ',';
    body += entry_json(e);
  }
  return body + "]";
}

}  // namespace

void add_console_routes(Router& router, api::DataRecordService& records,
                        api::NotificationFeed& notifications, api::PipelineMonitor& pipeline,
                        const core::UsagePolicy* usage_policy) {
  router.get("/api/usage/{id}/{year}/{month}", Access::needs(auth::Scope::kUsageRead),
             [&records, usage_policy](const Request& req, Response& res) {
               answering_errors(req, res, [&] {
                 const auto id = api::parse_agreement_id(req.params.at("id"));
                 const int year = api::parse_year(req.params.at("year"));
                 const int month = api::parse_month(req.params.at("month"));
                 const core::Agreement agreement = records.agreement(id);
                 const auto found = records.find(id, year, month);
                 core::TimeZones zones;
                 res.set(
                     api::usage_summary(agreement, year, month, found, usage_policy, zones).dump(),
                     "application/json");
               });
             });
  router.get("/api/agreements/{id}", Access::needs(auth::Scope::kUsageRead),
             [&records](const Request& req, Response& res) {
               answering_errors(req, res, [&] {
                 const auto id = api::parse_agreement_id(req.params.at("id"));
                 res.set(core::agreement_to_json(records.agreement(id)), "application/json");
               });
             });
  router.get("/api/agreements", Access::needs(auth::Scope::kUsageRead),
             [&records](const Request& req, Response& res) {
               answering_errors(req, res, [&] {
                 const auto msisdn = req.query_value("msisdn");
                 if (!msisdn) {
                   throw api::ApiError(
                       api::ErrorKind::kInvalidInput,
                       "parameter 'msisdn' is required: /api/agreements?msisdn=48...");
                 }
                 std::string body = "[";
                 for (const core::Agreement& a : records.agreements_of(*msisdn)) {
                   if (body.size() > 1) body += ',';
                   body += core::agreement_to_json(a);
                 }
                 res.set(body + "]", "application/json");
               });
             });
  router.get("/api/notifications", Access::needs(auth::Scope::kUsageRead),
             [&notifications](const Request& req, Response& res) {
               answering_errors(req, res, [&] {
                 res.set(history_json(notifications, api::NotificationFeed::Kind::kNotification,
                                      req, "DATA_PLAN_EXCEEDED or BILLING_PERIOD_CLOSED"),
                         "application/json");
               });
             });
  router.get("/api/alerts", Access::needs(auth::Scope::kUsageRead),
             [&notifications](const Request& req, Response& res) {
               answering_errors(req, res, [&] {
                 res.set(history_json(notifications, api::NotificationFeed::Kind::kAlert, req,
                                      "USAGE_THRESHOLD_REACHED or USAGE_FORECAST_EXCEEDS_PLAN"),
                         "application/json");
               });
             });
  router.get(
      "/api/notifications/stream", Access::needs(auth::Scope::kUsageRead),
      [&notifications](const Request& req, Response& res) {
        std::uint64_t after = 0;
        std::string from = req.header("Last-Event-ID");
        if (from.empty()) from = req.query_value("after").value_or("");
        std::from_chars(from.data(), from.data() + from.size(), after);
        auto stream = std::make_shared<EventStream>();
        std::weak_ptr<EventStream> weak = stream;
        notifications.follow(after, [weak](const api::NotificationFeed::Entry& e) {
          const auto s = weak.lock();
          const char* event =
              e.kind == api::NotificationFeed::Kind::kAlert ? "alert" : "notification";
          return s && s->push(EventHub::frame(event, std::to_string(e.sequence), entry_json(e)));
        });
        res.events = std::move(stream);
      },
      Execution::kInline);
  router.get("/api/pipeline", Access::needs(auth::Scope::kAdmin),
             [&pipeline](const Request&, Response& res) {
               res.set(pipeline.status().dump(), "application/json");
             });
  add_console_assets(router);
}

}  // namespace mobilecs::http
