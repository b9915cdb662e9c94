#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "rocks/database.h"

namespace mobilecs::testing {

// Every data record a `mobilecs run` data folder holds, as its raw key and value.
inline std::vector<std::pair<std::string, std::string>> stored_records(
    const std::filesystem::path& data) {
  rocks::Database db(data / "state", rocks::Database::Options{});
  std::vector<std::pair<std::string, std::string>> entries;
  db.for_each(rocks::Family::kDataRecords, "",
              [&](std::string_view k, std::string_view v) { entries.emplace_back(k, v); });
  return entries;
}

}  // namespace mobilecs::testing
