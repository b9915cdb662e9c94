#pragma once

#include <nlohmann/json.hpp>
#include <span>

#include "core/model/agreement.h"
#include "core/model/data_record.h"
#include "core/model/usage_policy.h"
#include "core/time/time_zones.h"

namespace mobilecs::api {

// What the console draws for one billing period of an agreement (docs/http-api.md): its total
// against the plan, the usage policy in effect (its own, else `configured`, which may be null) with
// its thresholds in bytes, lowest first, and the trailing-rate forecast of docs/semantics.md §10
// at the period's latest record, with the policy's forecast settings or their defaults; the
// forecast is there whether or not it reaches the plan before the period ends (null when there is
// none: too early in the period, nothing used lately, or the plan already reached).
nlohmann::ordered_json usage_summary(const core::Agreement& agreement, int year, int month,
                                     std::span<const core::DataRecord> records,
                                     const core::UsagePolicy* configured, core::TimeZones& zones);

}  // namespace mobilecs::api
