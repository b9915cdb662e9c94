//! mobilecs' data-record store on Apache Cassandra, through ScyllaDB's Rust driver, behind a
//! narrow C ABI (`include/mobilecs_cassandra.h`) so the C++ side sees no Rust or tokio types.
//! Errors cross the boundary as codes with messages; no panic crosses it.

mod config;
mod error;
mod ffi;
mod logging;
mod partition;
mod store;

pub use config::{parse_consistency, Replication, StoreConfig};
pub use error::{ErrorKind, StoreError};
pub use partition::{batches_by_partition, DataRecord, PartitionKey};
pub use store::{Agreement, Store};
