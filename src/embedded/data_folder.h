#pragma once

#include <filesystem>

#include "files/folder.h"

namespace mobilecs::embedded {

// The layout of `mobilecs run --data-dir D` (docs/configuration.md).
struct DataFolder {
  std::filesystem::path root;
  // Whether D and its folders may be symbolic links (--allow-symlinked-folders).
  files::FolderLinks links = files::FolderLinks::kRefuse;

  std::filesystem::path agreements() const { return root / "agreements"; }
  std::filesystem::path incoming_data_records() const { return root / "incoming-data-records"; }
  std::filesystem::path state() const { return root / "state"; }
  std::filesystem::path notifications() const { return root / "data-records-aggregates.jsonl"; }
  std::filesystem::path late_records() const { return root / "late-data-records.jsonl"; }
  std::filesystem::path alerts() const { return root / "data-usage-alerts.jsonl"; }
  // Where each input folder's finished files go, with their bad-line reports.
  static constexpr const char* kProcessed = "processed";
  static std::filesystem::path processed(const std::filesystem::path& input) {
    return input / kProcessed;
  }
};

}  // namespace mobilecs::embedded
