// Writes ROWS data records through the C++ adapter (cassandra::CassandraDataRecordStore, over the C
// ABI of the Rust crate) in 100,000-row writes and prints rows/s. The same rows as the crate's own
// example (src/cassandra/driver/examples/write_rows.rs), so the two give the adapter's overhead.
//   build/bench/cassandra_write [ROWS] [CONTACT_POINTS] [KEYSPACE]
#include <fmt/format.h>

#include <chrono>
#include <string>

#include "cassandra/cassandra_data_record_store.h"

using namespace mobilecs;

// Row i of the benchmark: 30 a day-apart records per agreement, in January 2020.
core::DataRecord row(std::uint64_t i) {
  core::DataRecord r;
  const std::uint64_t agreement = i / 30 + 1;
  for (int b = 0; b < 8; ++b) {
    r.agreement_id.bytes[15 - b] = static_cast<std::uint8_t>(agreement >> (8 * b));
    r.internal_record_id.bytes[15 - b] = static_cast<std::uint8_t>((i + 1) >> (8 * b));
  }
  r.year = 2020;
  r.month = 1;
  r.recorded_at = 1'577'919'600'000 + static_cast<std::int64_t>(i % 30) * 86'400'000;
  r.recorded_bytes = static_cast<std::int64_t>(i);
  return r;
}

int main(int argc, char** argv) {
  const std::uint64_t rows = argc > 1 ? std::stoull(argv[1]) : 1'000'000;
  cassandra::CassandraConfig config;
  config.contact_points = argc > 2 ? argv[2] : "127.0.0.1";
  config.keyspace = argc > 3 ? argv[3] : "bench_adapter";
  cassandra::CassandraDataRecordStore store(config);
  store.total_bytes(core::Uuid{}, 2020, 1);  // connect and create the schema outside the timing
  const auto start = std::chrono::steady_clock::now();
  std::vector<core::DataRecord> chunk;
  for (std::uint64_t written = 0; written < rows;) {
    chunk.clear();
    for (std::uint64_t i = written; i < std::min(rows, written + 100'000); ++i)
      chunk.push_back(row(i));
    store.write(chunk);
    written += chunk.size();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("C++ adapter: {} rows in {:.2f} s, {:.0f} rows/s\n", rows, seconds, rows / seconds);
}
