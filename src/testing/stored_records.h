#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "rocks/database.h"
#include "rocks/period_records.h"

namespace mobilecs::testing {

// Every data record a `mobilecs run` data folder holds, in store order: its billing period's key
// and the record as encoded in the period's list (rocks/period_records.h).
inline std::vector<std::pair<std::string, std::string>> stored_records(
    const std::filesystem::path& data) {
  rocks::Database db(data / "state", rocks::Database::Options{});
  std::vector<std::pair<std::string, std::string>> entries;
  db.for_each(rocks::Family::kDataRecords, "", [&](std::string_view k, std::string_view v) {
    for (const rocks::PeriodRecord& r : rocks::decode_period_records(v)) {
      std::string record;
      rocks::append_period_record(record, r);
      entries.emplace_back(k, std::move(record));
    }
  });
  return entries;
}

}  // namespace mobilecs::testing
