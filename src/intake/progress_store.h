#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "files/file_progress.h"

namespace mobilecs::intake {

// Where a file source finds how far the committed steps read each file: the data folder's
// RocksDB state for `run`, a compacted Kafka topic for the importer. A step carries each file's
// new progress under key(name), and its committer writes it with the step.
class ProgressStore {
 public:
  virtual ~ProgressStore() = default;
  virtual std::string key(std::string_view name) const = 0;
  // What the last committed step recorded for `name`. Called from the reading thread too.
  virtual std::optional<files::FileProgress> saved(std::string_view name) = 0;
  // The names of every file with saved progress.
  virtual std::vector<std::string> names() = 0;
  // The file has been set aside: its entry goes, durably, now.
  virtual void forget(std::string_view name) = 0;
};

}  // namespace mobilecs::intake
