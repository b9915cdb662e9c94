// Per-record costs of the pure core: parsing a line, matching it to its agreement, and the
// billing window work, on the reference data set.
#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "core/codec/incoming_record_json.h"
#include "core/codec/incoming_record_line.h"
#include "core/model/msisdn.h"
#include "core/processing/usage_processor.h"

namespace mobilecs::bench {
namespace {

core::UsageProcessor loaded_processor(const ReferenceMonth& month) {
  core::UsageProcessor processor(core::ProcessorConfig{});
  processor.assign_partition(core::PartitionId{0});
  core::ProcessorOutput out;
  std::string error;
  for (const auto& a : month.agreements)
    processor.add_agreement(core::PartitionId{0}, a, out, error);
  return processor;
}

// Parsing and validating one line of an incoming data record file.
void BM_ParseLine(benchmark::State& state) {
  const ReferenceMonth month = reference_month(1000);
  core::TimeZones zones;
  core::IncomingDataRecord record;
  std::string error;
  std::size_t i = 0;
  for (auto _ : state) {
    const bool ok = core::parse_incoming_record_line(month.lines[i++ % month.lines.size()], zones,
                                                     record, error);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(record);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseLine);

// The importer's work on a line: parsed, then written as the JSON message the ingester and the
// reference's consumers read, each message a string of its own (as a parsed chunk holds them).
void BM_LineToMessage(benchmark::State& state) {
  const ReferenceMonth month = reference_month(1000);
  core::TimeZones zones;
  core::IncomingDataRecord record;
  std::vector<std::string> messages;
  std::string error;
  std::size_t i = 0;
  for (auto _ : state) {
    core::parse_incoming_record_line(month.lines[i++ % month.lines.size()], zones, record, error);
    std::string& message = messages.emplace_back();
    core::append_incoming_record_json(message, record, zones);
    if (messages.size() >= 10'000) messages.clear();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LineToMessage);

// Parse + enrich: a line parsed, matched to its subscriber's agreement, windowed and triggered,
// for `range(0)` subscribers (a month of their records, replayed in a loop).
void BM_ParseAndEnrich(benchmark::State& state) {
  const ReferenceMonth month = reference_month(static_cast<int>(state.range(0)));
  core::UsageProcessor processor = loaded_processor(month);
  core::TimeZones zones;
  core::IncomingDataRecord record;
  core::ProcessorOutput out;
  std::string error;
  std::size_t i = 0;
  for (auto _ : state) {
    core::parse_incoming_record_line(month.lines[i++ % month.lines.size()], zones, record, error);
    processor.add_record(core::PartitionId{0}, record.usage_record(), out);
    if (out.data_records.size() >= 100'000) out.clear();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseAndEnrich)->Arg(1000)->Arg(100'000);

// Match + window alone: records already parsed, as the embedded pipeline hands them over.
void BM_MatchAndWindow(benchmark::State& state) {
  const ReferenceMonth month = reference_month(static_cast<int>(state.range(0)));
  core::UsageProcessor processor = loaded_processor(month);
  std::vector<core::UsageRecord> records;
  core::TimeZones zones;
  core::IncomingDataRecord record;
  std::string error;
  for (const auto& line : month.lines) {
    core::parse_incoming_record_line(line, zones, record, error);
    records.push_back(record.usage_record());
  }
  core::ProcessorOutput out;
  std::size_t i = 0;
  for (auto _ : state) {
    processor.prefetch(records[(i + 8) % records.size()]);
    processor.add_record(core::PartitionId{0}, records[i++ % records.size()], out);
    if (out.data_records.size() >= 100'000) out.clear();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MatchAndWindow)->Arg(1000)->Arg(100'000);

// Writing the changed state of `range(0)` subscribers after each touched one record.
void BM_FlushState(benchmark::State& state) {
  const ReferenceMonth month = reference_month(static_cast<int>(state.range(0)));
  core::UsageProcessor processor = loaded_processor(month);
  core::TimeZones zones;
  core::IncomingDataRecord record;
  core::ProcessorOutput out;
  std::string error;
  struct CountingSink : core::StateChangeSink {
    void put(core::PartitionId, std::string_view, std::string_view value) override {
      bytes += value.size();
    }
    void erase(core::PartitionId, std::string_view) override {}
    std::size_t bytes = 0;
  } sink;
  for (auto _ : state) {
    state.PauseTiming();
    for (int s = 0; s < state.range(0); ++s) {
      core::parse_incoming_record_line(month.lines[static_cast<std::size_t>(s)], zones, record,
                                       error);
      processor.add_record(core::PartitionId{0}, record.usage_record(), out);
    }
    out.clear();
    state.ResumeTiming();
    processor.flush_state_changes(sink);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FlushState)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mobilecs::bench

BENCHMARK_MAIN();
