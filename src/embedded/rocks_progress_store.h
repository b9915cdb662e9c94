#pragma once

#include <string>

#include "intake/progress_store.h"
#include "rocks/database.h"

namespace mobilecs::embedded {

// The progress of one input folder's files in the data folder's state: the meta family, under
// `prefix` and the file name. RocksStepCommitter writes a step's entries with the step.
class RocksProgressStore final : public intake::ProgressStore {
 public:
  RocksProgressStore(rocks::Database& db, std::string prefix)
      : db_(db), prefix_(std::move(prefix)) {}

  std::string key(std::string_view name) const override;
  std::optional<files::FileProgress> saved(std::string_view name) override;
  std::vector<std::string> names() override;
  void forget(std::string_view name) override;

 private:
  rocks::Database& db_;
  std::string prefix_;
};

}  // namespace mobilecs::embedded
