// The embedded store's commit path (data records grouped by billing period into a RocksDB write
// batch and written) and its read path (one period's records).
#include <benchmark/benchmark.h>

#include <random>

#include "bench_data.h"
#include "rocks/rocks_data_record_store.h"
#include "testing/temp_dir.h"

namespace mobilecs::bench {
namespace {

std::vector<core::DataRecord> records(std::size_t count, std::mt19937_64& random) {
  std::vector<core::DataRecord> result(count);
  for (auto& r : result) {
    r.agreement_id.bytes[0] = static_cast<std::uint8_t>(random());
    r.agreement_id.bytes[7] = static_cast<std::uint8_t>(random());
    r.agreement_id.bytes[9] = static_cast<std::uint8_t>(random());
    r.year = 2020;
    r.month = 1;
    r.recorded_at = 1577919600000 + static_cast<std::int64_t>(random() % 2'000'000'000);
    r.internal_record_id.bytes[3] = static_cast<std::uint8_t>(random());
    r.internal_record_id.bytes[12] = static_cast<std::uint8_t>(random());
    r.recorded_bytes = static_cast<std::int64_t>(random() % (1 << 30));
  }
  return result;
}

// A store in a fresh folder, removed with it (members go in reverse order: the database first).
struct ScratchStore {
  testing::TempDir dir;
  rocks::Database db{dir.path(), rocks::Database::Options{}};
  rocks::RocksDataRecordStore store{db};
};

// Stage and write batches of range(0) records of random subscribers.
void BM_CommitDataRecords(benchmark::State& state) {
  ScratchStore scratch;
  std::mt19937_64 random(42);
  for (auto _ : state) {
    state.PauseTiming();
    auto batch_records = records(static_cast<std::size_t>(state.range(0)), random);
    rocks::WriteBatch batch = scratch.db.batch();
    state.ResumeTiming();
    scratch.store.stage(batch, batch_records);
    scratch.db.write(batch);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CommitDataRecords)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(30);

// Reads one billing period of 30 records (a month of the reference data) out of 20,000 periods
// written in 30 steps, as the HTTP API does: with the steps' lists still in the memtable
// (range(0) = 0) and after they were flushed and compacted into one value (range(0) = 1).
void BM_FindPeriod(benchmark::State& state) {
  ScratchStore scratch;
  std::mt19937_64 random(42);
  constexpr int kPeriods = 20'000;
  const auto agreement = [](std::uint64_t i) {
    core::Uuid id;
    id.bytes[0] = static_cast<std::uint8_t>(i >> 8);
    id.bytes[1] = static_cast<std::uint8_t>(i);
    return id;
  };
  for (int step = 0; step < 30; ++step) {
    std::vector<core::DataRecord> batch = records(kPeriods, random);
    for (int i = 0; i < kPeriods; ++i) batch[i].agreement_id = agreement(i);
    scratch.store.write(batch);
  }
  if (state.range(0) == 1) scratch.db.compact();
  for (auto _ : state) {
    benchmark::DoNotOptimize(scratch.store.find(agreement(random() % kPeriods), 2020, 1));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FindPeriod)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace mobilecs::bench

BENCHMARK_MAIN();
