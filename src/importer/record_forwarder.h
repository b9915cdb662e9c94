#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "intake/record_parsers.h"
#include "runtime/input_batch.h"
#include "runtime/state_changes.h"
#include "runtime/step.h"

namespace mobilecs::importer {

// A step of the importer: the messages to produce, and where each came from.
struct ForwardedRecords {
  struct Position {
    std::size_t origin = 0;  // into origins
    std::uint64_t line = 0;
  };
  std::vector<intake::IncomingRecordMessage> messages;
  std::vector<Position> positions;   // one per message
  std::vector<std::string> origins;  // the files, as the step runner names them in reports

  bool empty() const { return messages.empty(); }
};

// The importer's operator: each record goes on as it came, in file order. Nothing to match,
// no state: the ingester does the rest.
class RecordForwarder {
 public:
  struct Config {};
  using Record = intake::IncomingRecordMessage;
  using Output = ForwardedRecords;

  explicit RecordForwarder(const Config&) {}

  void apply(runtime::PartitionInput<Record>& input, Output& out, std::vector<runtime::BadInput>&) {
    if (out.origins.empty() || out.origins.back() != input.records_origin) {
      out.origins.push_back(input.records_origin);
    }
    for (std::size_t i = 0; i < input.records.size(); ++i) {
      out.messages.push_back(std::move(input.records[i]));
      out.positions.push_back({out.origins.size() - 1, input.record_positions[i]});
    }
  }
  void set_processing_time(core::EpochMillis) {}
  void on_processing_time(core::EpochMillis, Output&) {}
  void assign_partition(core::PartitionId) {}
  void set_caught_up(core::PartitionId, bool, Output&) {}
  void end_step(runtime::StateChanges&, Output&, std::vector<runtime::BadInput>&) {}
  void describe(const Output&, runtime::StepSummary&) const {}
};

}  // namespace mobilecs::importer
