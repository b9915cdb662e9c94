#include "core/codec/usage_policy_json.h"

#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "core/codec/json_writer.h"
#include "core/codec/usage_alert_json.h"

namespace mobilecs::core {
namespace {

using nlohmann::json;

bool refuse_unknown_members(const json& object, std::initializer_list<std::string_view> known,
                            std::string_view where, std::string& error) {
  for (const auto& [name, value] : object.items()) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      error = fmt::format("usage policy: unknown member '{}{}' (known: {})", where, name,
                          fmt::join(known, ", "));
      return false;
    }
  }
  return true;
}

bool object_member(const json& value, std::string_view name, std::string& error) {
  if (!value.is_object()) {
    error =
        fmt::format("usage policy: '{}' must be a JSON object, not {}", name, value.type_name());
    return false;
  }
  return true;
}

// A whole number from `min` to `max`.
bool bounded_integer(const json& value, std::string_view name, std::int64_t min, std::int64_t max,
                     std::int64_t& out, std::string& error) {
  if (value.is_number_integer() && !value.is_number_unsigned() &&
      value.get<std::int64_t>() >= min && value.get<std::int64_t>() <= max) {
    out = value.get<std::int64_t>();
    return true;
  }
  if (value.is_number_unsigned() && value.get<std::uint64_t>() >= static_cast<std::uint64_t>(min) &&
      value.get<std::uint64_t>() <= static_cast<std::uint64_t>(max)) {
    out = static_cast<std::int64_t>(value.get<std::uint64_t>());
    return true;
  }
  error = fmt::format("usage policy: '{}' must be a whole number from {} to {}, not {}", name, min,
                      max, value.dump());
  return false;
}

bool parse_threshold(const json& value, std::size_t index, UsageThreshold& out,
                     std::string& error) {
  const std::string where = fmt::format("thresholds[{}]", index);
  if (!object_member(value, where, error)) return false;
  if (value.size() != 1) {
    error = fmt::format(
        "usage policy: '{}' must have exactly one member, 'percentOfPlan' or 'bytes'", where);
    return false;
  }
  if (!refuse_unknown_members(value, {"percentOfPlan", "bytes"}, where + ".", error)) return false;
  if (const auto it = value.find("percentOfPlan"); it != value.end()) {
    out.kind = UsageThreshold::Kind::kPercentOfPlan;
    return bounded_integer(*it, where + ".percentOfPlan", 1, kMaxPercentOfPlan, out.value, error);
  }
  out.kind = UsageThreshold::Kind::kBytes;
  return bounded_integer(value["bytes"], where + ".bytes", 1,
                         std::numeric_limits<std::int64_t>::max(), out.value, error);
}

bool parse_forecast(const json& value, ForecastPolicy& out, std::string& error) {
  if (!object_member(value, "forecast", error) ||
      !refuse_unknown_members(value, {"trailingDays", "minObservedDays"}, "forecast.", error)) {
    return false;
  }
  std::int64_t days = 0;
  if (const auto it = value.find("trailingDays"); it != value.end()) {
    if (!bounded_integer(*it, "forecast.trailingDays", 1, kMaxForecastDays, days, error)) {
      return false;
    }
    out.trailing_days = static_cast<int>(days);
  }
  if (const auto it = value.find("minObservedDays"); it != value.end()) {
    if (!bounded_integer(*it, "forecast.minObservedDays", 1, kMaxForecastDays, days, error)) {
      return false;
    }
    out.min_observed_days = static_cast<int>(days);
  }
  return true;
}

}  // namespace

bool parse_usage_policy(const json& value, UsagePolicy& out, std::string& error) {
  out = UsagePolicy{};
  if (!value.is_object()) {
    error = fmt::format("usage policy must be a JSON object, not {}", value.type_name());
    return false;
  }
  if (!refuse_unknown_members(value, {"thresholds", "overPlanStepBytes", "forecast"}, "", error)) {
    return false;
  }
  if (const auto it = value.find("thresholds"); it != value.end()) {
    if (!it->is_array()) {
      error =
          fmt::format("usage policy: 'thresholds' must be a JSON array, not {}", it->type_name());
      return false;
    }
    if (it->size() > kMaxUsageThresholds) {
      error = fmt::format("usage policy: 'thresholds' has {} entries, at most {} are allowed",
                          it->size(), kMaxUsageThresholds);
      return false;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      UsageThreshold threshold;
      if (!parse_threshold((*it)[i], i, threshold, error)) return false;
      if (std::find(out.thresholds.begin(), out.thresholds.end(), threshold) !=
          out.thresholds.end()) {
        error = fmt::format("usage policy: 'thresholds[{}]' repeats an earlier threshold, {}", i,
                            (*it)[i].dump());
        return false;
      }
      out.thresholds.push_back(threshold);
    }
  }
  if (const auto it = value.find("overPlanStepBytes"); it != value.end()) {
    std::int64_t step = 0;
    if (!bounded_integer(*it, "overPlanStepBytes", kMinOverPlanStepBytes,
                         std::numeric_limits<std::int64_t>::max(), step, error)) {
      error += " (a step under 1 MiB would alert on almost every record)";
      return false;
    }
    out.over_plan_step_bytes = step;
  }
  if (const auto it = value.find("forecast"); it != value.end()) {
    ForecastPolicy forecast;
    if (!parse_forecast(*it, forecast, error)) return false;
    out.forecast = forecast;
  }
  return true;
}

bool parse_usage_policy_json(std::string_view text, UsagePolicy& out, std::string& error) {
  json value;
  try {
    value = json::parse(text);
  } catch (const json::parse_error& e) {
    error = fmt::format("usage policy is not valid JSON: {}", e.what());
    return false;
  }
  return parse_usage_policy(value, out, error);
}

std::string usage_threshold_to_json(const UsageThreshold& threshold) {
  return alert_threshold_to_json(as_alert_threshold(threshold));
}

std::string usage_policy_to_json(const UsagePolicy& policy) {
  std::string out;
  JsonObjectWriter writer(out);
  if (!policy.thresholds.empty()) {
    std::string list = "[";
    for (const UsageThreshold& t : policy.thresholds) {
      if (list.size() > 1) list.push_back(',');
      list += usage_threshold_to_json(t);
    }
    list.push_back(']');
    writer.raw_field("thresholds", list);
  }
  if (policy.over_plan_step_bytes) {
    writer.field("overPlanStepBytes", *policy.over_plan_step_bytes);
  }
  if (policy.forecast) {
    std::string forecast;
    JsonObjectWriter(forecast)
        .field("trailingDays", policy.forecast->trailing_days)
        .field("minObservedDays", policy.forecast->min_observed_days)
        .close();
    writer.raw_field("forecast", forecast);
  }
  writer.close();
  return out;
}

}  // namespace mobilecs::core
