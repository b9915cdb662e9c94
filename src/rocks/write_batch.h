#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "rocks/family.h"

namespace rocksdb {
class WriteBatch;
}

namespace mobilecs::rocks {

class Database;

// Writes to several column families of one Database that Database::write applies atomically:
// all of them, or none after a crash.
class WriteBatch {
 public:
  explicit WriteBatch(const Database& db);
  ~WriteBatch();
  WriteBatch(WriteBatch&&) noexcept;
  WriteBatch& operator=(WriteBatch&&) noexcept;

  void put(Family family, std::string_view key, std::string_view value);
  // Adds `value` to the key's value by the family's merge operator.
  void merge(Family family, std::string_view key, std::string_view value);
  void erase(Family family, std::string_view key);
  // Erases the keys in [begin, end).
  void erase_range(Family family, std::string_view begin, std::string_view end);
  std::size_t count() const;
  void clear();

 private:
  friend class Database;
  const Database* db_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
};

}  // namespace mobilecs::rocks
