// The embedded store's commit path: data records staged into a RocksDB write batch and written,
// in the key order the pipeline sorts them into, and without that sort for comparison.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "bench_data.h"
#include "rocks/data_record_store.h"

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

// Stage and write batches of range(0) records; range(1) = 1 sorts them by key first.
void BM_CommitDataRecords(benchmark::State& state) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("mobilecs-bench-" + std::to_string(::getpid()));
  {
    rocks::Database db(dir, rocks::Database::Options{});
    rocks::DataRecordStore store(db);
    std::mt19937_64 random(42);
    const bool sorted = state.range(1) == 1;
    for (auto _ : state) {
      state.PauseTiming();
      auto batch_records = records(static_cast<std::size_t>(state.range(0)), random);
      rocks::WriteBatch batch = db.batch();
      state.ResumeTiming();
      if (sorted) {
        store.stage(batch, batch_records);
      } else {
        for (const auto& r : batch_records) {
          batch.put(rocks::Family::kDataRecords, rocks::data_record_key(r), std::string(8, '\0'));
        }
      }
      db.write(batch);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_CommitDataRecords)
    ->Args({100'000, 1})
    ->Args({100'000, 0})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(30);

}  // namespace
}  // namespace mobilecs::bench

BENCHMARK_MAIN();
