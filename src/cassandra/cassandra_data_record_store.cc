#include "cassandra/cassandra_data_record_store.h"

#include <fmt/format.h>
#include <mobilecs_cassandra.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <deque>

#include "core/codec/usage_policy_json.h"
#include "core/time/zoned_date_time.h"
#include "files/secret_file.h"
#include "store/store_error.h"

namespace mobilecs::cassandra {
namespace {

constexpr std::uint32_t kPageSize = 5000;

[[noreturn]] void fail(const McsError& error) {
  throw store::StoreError(std::string("Cassandra: ") + error.message, error.retryable != 0);
}

std::optional<std::string> settings_problem(const char* replication, const char* consistency) {
  McsError error{};
  if (mcs_check_settings(replication, consistency, &error) == 0) return std::nullopt;
  return std::string(error.message);
}

McsDataRecord to_mcs(const core::DataRecord& r) {
  McsDataRecord out{};
  std::memcpy(out.agreement_id, r.agreement_id.bytes.data(), 16);
  out.year = r.year;
  out.month = r.month;
  out.recorded_at_ms = r.recorded_at;
  std::memcpy(out.internal_record_id, r.internal_record_id.bytes.data(), 16);
  out.recorded_bytes = r.recorded_bytes;
  return out;
}

core::DataRecord from_mcs(const McsDataRecord& r) {
  core::DataRecord out;
  std::memcpy(out.agreement_id.bytes.data(), r.agreement_id, 16);
  out.year = r.year;
  out.month = r.month;
  out.recorded_at = r.recorded_at_ms;
  std::memcpy(out.internal_record_id.bytes.data(), r.internal_record_id, 16);
  out.recorded_bytes = r.recorded_bytes;
  return out;
}

extern "C" void log_driver_line(std::int32_t level, const char* target, const char* message) {
  spdlog::log(level == 1   ? spdlog::level::err
              : level == 2 ? spdlog::level::warn
                           : spdlog::level::info,
              "Cassandra driver {}: {}", target, message);
}

}  // namespace

CassandraDataRecordStore::CassandraDataRecordStore(CassandraConfig config)
    : config_(std::move(config)) {
  static std::once_flag logging;
  std::call_once(logging, [] { mcs_set_log_callback(log_driver_line); });
}

void CassandraDataRecordStore::interrupt() {
  std::lock_guard lock(connect_mutex_);
  interrupted_ = true;
  if (session_ != nullptr) mcs_interrupt(session_);
}

CassandraDataRecordStore::~CassandraDataRecordStore() { mcs_close(session_); }

McsSession* CassandraDataRecordStore::session() {
  std::lock_guard lock(connect_mutex_);
  if (interrupted_)
    throw store::StoreError("Cassandra: interrupted: the process is stopping", false);
  if (session_ == nullptr) {
    std::string password = config_.password;
    if (!config_.password_file.empty()) {
      try {
        password = files::read_secret_line(config_.password_file, "the Cassandra password");
      } catch (const std::runtime_error& e) {
        throw store::StoreError(e.what(), false);
      }
    }
    const McsConfig config{config_.contact_points.c_str(),
                           config_.keyspace.c_str(),
                           config_.replication.c_str(),
                           config_.consistency.c_str(),
                           config_.request_timeout_ms,
                           config_.max_in_flight,
                           config_.username.c_str(),
                           password.c_str(),
                           config_.tls || !config_.tls_ca_file.empty() ? 1 : 0,
                           config_.tls_ca_file.c_str()};
    McsError error{};
    session_ = mcs_open(&config, &error);
    if (session_ == nullptr) fail(error);
  }
  return session_;
}

std::optional<std::string> replication_problem(const std::string& replication) {
  return settings_problem(replication.c_str(), nullptr);
}

std::optional<std::string> consistency_problem(const std::string& consistency) {
  return settings_problem(nullptr, consistency.c_str());
}

void CassandraDataRecordStore::write(std::span<const core::DataRecord> records) {
  if (records.empty()) return;
  std::vector<McsDataRecord> rows;
  rows.reserve(records.size());
  for (const core::DataRecord& r : records) rows.push_back(to_mcs(r));
  McsError error{};
  if (mcs_write_data_records(session(), rows.data(), rows.size(), &error) != 0) fail(error);
}

std::vector<core::DataRecord> CassandraDataRecordStore::find(const core::Uuid& agreement_id,
                                                             int year, int month) {
  std::vector<core::DataRecord> records;
  std::vector<std::uint8_t> paging_state;
  McsSession* s = session();
  do {
    McsPage page{};
    McsError error{};
    if (mcs_read_partition_page(s, agreement_id.bytes.data(), static_cast<std::int16_t>(year),
                                static_cast<std::int8_t>(month), paging_state.data(),
                                paging_state.size(), kPageSize, &page, &error) != 0) {
      fail(error);
    }
    for (std::size_t i = 0; i < page.count; ++i) records.push_back(from_mcs(page.records[i]));
    paging_state.assign(page.paging_state, page.paging_state + page.paging_state_len);
    mcs_free_page(&page);
  } while (!paging_state.empty());
  return records;
}

core::ByteTotal CassandraDataRecordStore::total_bytes(const core::Uuid& agreement_id, int year,
                                                      int month) {
  McsTotal total{};
  McsError error{};
  if (mcs_sum_partition(session(), agreement_id.bytes.data(), static_cast<std::int16_t>(year),
                        static_cast<std::int8_t>(month), &total, &error) != 0) {
    fail(error);
  }
  return static_cast<core::ByteTotal>(
      (static_cast<unsigned __int128>(static_cast<std::uint64_t>(total.high)) << 64) | total.low);
}

void CassandraDataRecordStore::drop_keyspace() {
  McsError error{};
  if (mcs_drop_keyspace(session(), &error) != 0) fail(error);
}

void CassandraDataRecordStore::write_agreements(std::span<const core::Agreement> agreements) {
  if (agreements.empty()) return;
  // The date-times are kept as their text: the API shows them as received.
  std::deque<std::string> texts;  // stable addresses for the c_str() pointers
  std::vector<McsAgreement> rows;
  rows.reserve(agreements.size());
  for (const core::Agreement& a : agreements) {
    McsAgreement row{};
    std::memcpy(row.id, a.id.bytes.data(), 16);
    row.msisdn = a.msisdn.c_str();
    row.signed_at = texts.emplace_back(core::to_string(a.signed_at)).c_str();
    row.service_start_at = texts.emplace_back(core::to_string(a.service_start_at)).c_str();
    row.billing_period_time_zone = a.billing_period_time_zone.c_str();
    row.max_bytes_in_billing_period = a.max_bytes_in_billing_period;
    if (a.usage_policy) {
      row.usage_policy = texts.emplace_back(core::usage_policy_to_json(*a.usage_policy)).c_str();
    }
    rows.push_back(row);
  }
  McsError error{};
  if (mcs_upsert_agreements(session(), rows.data(), rows.size(), &error) != 0) fail(error);
}

std::vector<core::Agreement> CassandraDataRecordStore::find_agreements_by_msisdn(
    std::string_view msisdn) {
  constexpr std::size_t kMaxAgreements = 256;  // a subscriber's contracts over the years
  std::vector<std::uint8_t> ids(kMaxAgreements * 16);
  std::size_t count = 0;
  McsError error{};
  const std::string text(msisdn);
  if (mcs_find_agreement_ids(session(), text.c_str(), ids.data(), kMaxAgreements, &count, &error) !=
      0) {
    fail(error);
  }
  std::vector<core::Agreement> agreements;
  for (std::size_t i = 0; i < std::min(count, kMaxAgreements); ++i) {
    core::Uuid id;
    std::memcpy(id.bytes.data(), ids.data() + i * 16, 16);
    if (auto a = find_agreement(id)) agreements.push_back(std::move(*a));
  }
  return agreements;
}

std::optional<core::Agreement> CassandraDataRecordStore::find_agreement(const core::Uuid& id) {
  std::int32_t found = 0;
  McsAgreement row{};
  McsError error{};
  if (mcs_read_agreement(session(), id.bytes.data(), &found, &row, &error) != 0) fail(error);
  if (found == 0) return std::nullopt;
  core::Agreement a;
  a.id = id;
  a.msisdn = row.msisdn;
  a.billing_period_time_zone = row.billing_period_time_zone;
  a.max_bytes_in_billing_period = row.max_bytes_in_billing_period;
  core::TimeZones zones;
  std::string problem;
  bool readable =
      core::parse_zoned_date_time(row.signed_at, zones, a.signed_at, problem) &&
      core::parse_zoned_date_time(row.service_start_at, zones, a.service_start_at, problem);
  if (readable && row.usage_policy != nullptr) {
    readable = core::parse_usage_policy_json(row.usage_policy, a.usage_policy.emplace(), problem);
  }
  mcs_free_agreement(&row);
  if (!readable) {
    throw store::StoreError(
        fmt::format("Cassandra: stored agreement {} is unreadable: {}", id.to_string(), problem),
        false);
  }
  return a;
}

}  // namespace mobilecs::cassandra
