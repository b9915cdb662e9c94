#pragma once

#include <memory>

namespace rocksdb {
class MergeOperator;
}

namespace mobilecs::rocks {

// RocksDB's merge operator for the data records family: combines a billing period's lists of
// records (period_records.h) as upserts, at read, flush and compaction.
std::shared_ptr<rocksdb::MergeOperator> period_records_merge_operator();

}  // namespace mobilecs::rocks
