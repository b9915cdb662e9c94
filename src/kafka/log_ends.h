#pragma once

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "kafka/ids.h"

struct rd_kafka_s;

namespace mobilecs::kafka {

// Where the logs of `partitions` end now, as their leaders say, asked on `client`: the high
// watermark, which counts records of transactions still open or whose commit has not reached
// that partition yet (a committed reader's "end" stops before them). Partitions without an
// answer are left out; nullopt if the request failed (a leader down, the time up).
std::optional<std::vector<std::pair<TopicPartition, Offset>>> uncommitted_log_ends(
    rd_kafka_s* client, const std::vector<TopicPartition>& partitions,
    std::chrono::milliseconds timeout);

}  // namespace mobilecs::kafka
