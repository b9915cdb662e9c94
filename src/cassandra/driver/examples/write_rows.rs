//! Writes ROWS data records with the crate alone, in a tight loop of 100,000-row writes, and
//! prints rows/s: the yardstick for the C++ adapter's overhead (bench/cassandra_write.cc writes
//! the same rows through the C ABI).
//!   cargo run --release --example write_rows -- ROWS [CONTACT_POINTS] [KEYSPACE]
use std::time::Instant;

use mobilecs_cassandra::{parse_consistency, DataRecord, Replication, Store, StoreConfig};
use uuid::Uuid;

/// Row i of the benchmark: 30 a day-apart records per agreement, in January 2020.
fn row(i: u64) -> DataRecord {
    DataRecord {
        agreement_id: Uuid::from_u128(u128::from(i / 30) + 1),
        year: 2020,
        month: 1,
        recorded_at_ms: 1_577_919_600_000 + (i % 30) as i64 * 86_400_000,
        internal_record_id: Uuid::from_u128(u128::from(i) + 1),
        recorded_bytes: i as i64,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let contact = args.get(2).cloned().unwrap_or_else(|| "127.0.0.1".into());
    let keyspace = args.get(3).cloned().unwrap_or_else(|| "bench_crate".into());
    let config = StoreConfig {
        contact_points: StoreConfig::contact_points(&contact),
        keyspace,
        replication: Replication::Simple(1),
        consistency: parse_consistency("LOCAL_QUORUM").unwrap(),
        request_timeout_ms: 10_000,
        max_in_flight: 64,
        credentials: None,
        tls: None,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let store = runtime.block_on(Store::open(config)).expect("open");
    let start = Instant::now();
    let mut written = 0;
    while written < rows {
        let chunk: Vec<DataRecord> = (written..(written + 100_000).min(rows)).map(row).collect();
        runtime.block_on(store.write(&chunk)).expect("write");
        written += chunk.len() as u64;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!("crate alone: {rows} rows in {seconds:.2} s, {:.0} rows/s", rows as f64 / seconds);
}
