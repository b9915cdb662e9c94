#include "rocks/period_records_merge.h"

#include <rocksdb/merge_operator.h>

#include <deque>
#include <vector>

#include "rocks/period_records.h"

namespace mobilecs::rocks {
namespace {

class PeriodRecordsMerge final : public rocksdb::MergeOperator {
 public:
  const char* Name() const override { return "mobilecs.PeriodRecords"; }

  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    std::vector<std::string_view> lists;
    lists.reserve(in.operand_list.size() + 1);
    if (in.existing_value != nullptr) lists.push_back(in.existing_value->ToStringView());
    for (const rocksdb::Slice& operand : in.operand_list) lists.push_back(operand.ToStringView());
    return combine_period_records(lists, out->new_value);
  }

  // Upserts are associative, so a flush may combine a memtable's operands without the older
  // files' value: the result is itself one list.
  bool PartialMergeMulti(const rocksdb::Slice&, const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value, rocksdb::Logger*) const override {
    std::vector<std::string_view> lists;
    lists.reserve(operands.size());
    for (const rocksdb::Slice& operand : operands) lists.push_back(operand.ToStringView());
    return combine_period_records(lists, *new_value);
  }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> period_records_merge_operator() {
  return std::make_shared<PeriodRecordsMerge>();
}

}  // namespace mobilecs::rocks
