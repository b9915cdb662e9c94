#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "store/data_record_store.h"

struct McsSession;

namespace mobilecs::cassandra {

struct CassandraConfig {
  std::string contact_points = "127.0.0.1";  // host[:port],...
  std::string keyspace = "mobilecs";
  std::string replication = "simple:1";  // or network:<dc>=<factor>,...
  std::string consistency = "LOCAL_QUORUM";
  std::uint32_t request_timeout_ms = 10'000;
  std::uint32_t max_in_flight = 64;  // batches at the same time
  // PasswordAuthenticator's user and password (empty: none). The password never goes to a log.
  std::string username;
  std::string password;
  std::string password_file;  // read at each connection (a rotated secret is picked up); wins
  bool tls = false;           // TLS 1.2+, the nodes' certificates checked
  std::string tls_ca_file;    // the CA to trust (PEM); empty: the system's; given, TLS is on
};

// What is wrong with a replication (simple:<factor> or network:<dc>=<factor>,...) or a
// consistency level, as the driver reads them; nullopt if nothing. Connects to nothing.
std::optional<std::string> replication_problem(const std::string& replication);
std::optional<std::string> consistency_problem(const std::string& consistency);

// Data records and agreements in Apache Cassandra (docs/formats.md §4), through the Rust driver
// crate. Connects on first use and again after a failed connection: while Cassandra is unreachable,
// every call throws a retryable store::StoreError, and the caller decides how to wait.
// Thread-safe.
class CassandraDataRecordStore final : public store::DataRecordStore {
 public:
  explicit CassandraDataRecordStore(CassandraConfig config);
  ~CassandraDataRecordStore() override;
  CassandraDataRecordStore(const CassandraDataRecordStore&) = delete;
  CassandraDataRecordStore& operator=(const CassandraDataRecordStore&) = delete;

  void write(std::span<const core::DataRecord> records) override;
  std::vector<core::DataRecord> find(const core::Uuid& agreement_id, int year, int month) override;
  core::ByteTotal total_bytes(const core::Uuid& agreement_id, int year, int month) override;
  void write_agreements(std::span<const core::Agreement> agreements) override;
  std::optional<core::Agreement> find_agreement(const core::Uuid& id) override;
  std::vector<core::Agreement> find_agreements_by_msisdn(std::string_view msisdn) override;

  // Ends the calls in progress, and every later one, with an error at once: for a process that
  // stops while Cassandra does not answer. Thread-safe.
  void interrupt();
  // Drops the keyspace with everything in it: for tests, which clean up what they made.
  void drop_keyspace();

 private:
  McsSession* session();

  CassandraConfig config_;
  std::mutex connect_mutex_;
  McsSession* session_ = nullptr;
  bool interrupted_ = false;
};

}  // namespace mobilecs::cassandra
