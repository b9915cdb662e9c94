#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/model/agreement.h"
#include "core/model/incoming_data_record.h"
#include "core/windowing/watermark_tracker.h"

namespace mobilecs::runtime {

// An input that could not be used: a malformed line, a message that does not parse. Reported
// with where it is (a file and line, a topic partition and offset) and why.
struct BadInput {
  std::string origin;          // "incoming-data-records/idr_000.csv", "agreements[3]"
  std::uint64_t position = 0;  // line number, or offset
  std::string reason;
};

// What one input partition brought in a batch. Agreements are applied before records: they are
// reference data (docs/semantics.md §2). `Record` is what the step's operator takes: a
// core::UsageRecord to be matched and summed, or a record the importer forwards as it is.
template <class Record>
struct PartitionInput {
  core::PartitionId partition;
  std::vector<core::Agreement> agreements;
  std::vector<Record> records;
  // Where the records come from, to report one the processor refuses: a file and its line
  // numbers, or a topic partition and its offsets (one position per record, or none).
  std::string records_origin;
  std::vector<std::uint64_t> record_positions;
};

// What a source hands the step runner at a time: inputs, changes of its partitions, and where
// reading has got to (`Progress`, committed with the step that used the inputs).
template <class Progress, class Record>
struct InputBatch {
  // Partitions this process no longer reads: the uncommitted step is abandoned (the next owner
  // redoes it from what was committed) and the step being committed is waited for, before the
  // source is polled again (a source may hold the partitions from their next owner until then).
  std::set<core::PartitionId> revoked;
  // Partitions this process reads from now on: their state is restored first.
  std::set<core::PartitionId> assigned;
  // Partitions that have new input after having been read to their end.
  std::set<core::PartitionId> resumed;
  std::vector<PartitionInput<Record>> inputs;
  std::vector<BadInput> bad;
  // Partitions read to their end, after these inputs.
  std::set<core::PartitionId> caught_up;
  Progress progress;  // where reading has got to (entries replace earlier ones)
  // The inputs end a unit (a file) that the source follows up (after_commit) once committed.
  bool ends_unit = false;

  bool has_inputs() const { return !inputs.empty() || !bad.empty(); }
};

}  // namespace mobilecs::runtime
