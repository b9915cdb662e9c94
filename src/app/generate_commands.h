#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kafka/kafka_config.h"
#include "store/data_record_store.h"

namespace mobilecs::app {

// `mobilecs generate agreements --count N --dir D`: the first N reference agreements as one
// JSON Lines file in D, written under a temporary name and renamed. Returns its path.
std::filesystem::path generate_agreement_file(int count, const std::filesystem::path& dir);

// `mobilecs generate agreements --count N --kafka B`: the first N reference agreements to the
// `agreements` topic in one transaction (key msisdn, timestamp signedAt, docs/formats.md §3).
void produce_agreements(int count, const kafka::KafkaConfig& config);

// `mobilecs generate incoming-data-records --subscribers N --months M --dir D`: M reference
// files, each written under a `tmp_` name and renamed when complete. Returns their paths.
std::vector<std::filesystem::path> generate_incoming_record_files(int subscribers, int months,
                                                                  const std::filesystem::path& dir);

// `mobilecs generate data-records --agreements N --months M (--data-dir D | --cassandra H)`:
// the direct data records, into `store`. Returns how many were written.
std::uint64_t generate_data_records(int agreements, int months, store::DataRecordStore& store);

}  // namespace mobilecs::app
