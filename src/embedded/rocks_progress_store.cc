#include "embedded/rocks_progress_store.h"

namespace mobilecs::embedded {

std::string RocksProgressStore::key(std::string_view name) const {
  return prefix_ + std::string(name);
}

std::optional<files::FileProgress> RocksProgressStore::saved(std::string_view name) {
  const auto saved = db_.get(rocks::Family::kMeta, key(name));
  return saved ? files::decode_file_progress(*saved) : std::nullopt;
}

std::vector<std::string> RocksProgressStore::names() {
  std::vector<std::string> names;
  db_.for_each(rocks::Family::kMeta, prefix_, [&](std::string_view key, std::string_view) {
    names.emplace_back(key.substr(prefix_.size()));
  });
  return names;
}

void RocksProgressStore::forget(std::string_view name) {
  rocks::WriteBatch batch = db_.batch();
  batch.erase(rocks::Family::kMeta, key(name));
  db_.write(batch);
}

}  // namespace mobilecs::embedded
