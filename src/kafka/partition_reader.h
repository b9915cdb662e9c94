#pragma once

#include <functional>
#include <map>
#include <stop_token>
#include <string>

#include "kafka/ids.h"
#include "kafka/kafka_config.h"
#include "kafka/message.h"

namespace mobilecs::kafka {

// Reads the committed messages of some partitions of `topic`, each from its offset (or its
// beginning, if negative), to their current ends: how a role rebuilds what a compacted topic
// holds. The end is where the log ends when asked, uncommitted records included: a transaction
// still open there is waited for (committed, its records are read; aborted, skipped). Returns,
// per partition, the offset to continue from. Throws KafkaError (retriable) if the ends are not
// reached within two minutes, runtime::Stopped at a stop request.
std::map<PartitionId, Offset> read_partitions_to_end(
    const KafkaConfig& config, const std::string& topic,
    const std::map<PartitionId, Offset>& from_offsets,
    const std::function<void(const Message&)>& visit, const std::stop_token& stop = {});

}  // namespace mobilecs::kafka
