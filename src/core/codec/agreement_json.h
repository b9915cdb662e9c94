#pragma once

#include <string>
#include <string_view>

#include "core/model/agreement.h"
#include "core/time/time_zones.h"

namespace mobilecs::core {

// The agreement as the reference wrote it to `agreements` (docs/formats.md §3), compact, fields in
// order.
std::string agreement_to_json(const Agreement& agreement);

// Reads an agreement from any JSON object with the fields of docs/formats.md §3 (unknown fields are
// ignored). On failure returns false and sets `error` to a sentence naming the problem.
bool parse_agreement_json(std::string_view json, TimeZones& zones, Agreement& out,
                          std::string& error);

}  // namespace mobilecs::core
