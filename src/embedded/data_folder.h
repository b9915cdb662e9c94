#pragma once

#include <filesystem>

namespace mobilecs::embedded {

// The layout of `mobilecs run --data-dir D` (docs/configuration.md).
struct DataFolder {
  std::filesystem::path root;

  std::filesystem::path agreements() const { return root / "agreements"; }
  std::filesystem::path incoming_data_records() const { return root / "incoming-data-records"; }
  std::filesystem::path state() const { return root / "state"; }
  std::filesystem::path notifications() const { return root / "data-records-aggregates.jsonl"; }
  std::filesystem::path late_records() const { return root / "late-data-records.jsonl"; }
  // Where each input folder's finished files go, with their bad-line reports.
  static std::filesystem::path processed(const std::filesystem::path& input) {
    return input / "processed";
  }
};

}  // namespace mobilecs::embedded
