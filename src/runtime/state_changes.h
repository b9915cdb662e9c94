#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/processing/usage_processor.h"

namespace mobilecs::runtime {

// The processor's state changes of one step, recorded so the committer can write them later,
// on its own thread, while the processor goes on with the next step.
class StateChanges final : public core::StateChangeSink {
 public:
  struct Change {
    core::PartitionId partition;
    std::string_view key;
    std::optional<std::string_view> value;  // nullopt: erased
  };

  void put(core::PartitionId partition, std::string_view key, std::string_view value) override {
    entries_.push_back(
        Entry{partition, append(key), key.size(), append(value), value.size(), true});
  }
  void erase(core::PartitionId partition, std::string_view key) override {
    entries_.push_back(Entry{partition, append(key), key.size(), 0, 0, false});
  }

  template <class Visit>
  void for_each(Visit&& visit) const {
    for (const Entry& e : entries_) {
      visit(Change{e.partition, std::string_view(bytes_).substr(e.key_at, e.key_size),
                   e.has_value ? std::optional<std::string_view>(
                                     std::string_view(bytes_).substr(e.value_at, e.value_size))
                               : std::nullopt});
    }
  }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void clear() {
    bytes_.clear();
    entries_.clear();
  }

 private:
  struct Entry {
    core::PartitionId partition;
    std::size_t key_at;
    std::size_t key_size;
    std::size_t value_at;
    std::size_t value_size;
    bool has_value;
  };
  std::size_t append(std::string_view text) {
    const std::size_t at = bytes_.size();
    bytes_.append(text);
    return at;
  }

  std::string bytes_;
  std::vector<Entry> entries_;
};

}  // namespace mobilecs::runtime
