#include "kafka/topic_replication.h"

#include <fmt/format.h>

#include <algorithm>

namespace mobilecs::kafka {

TopicReplication choose_replication(int wanted_factor, int wanted_min_insync, int brokers) {
  TopicReplication r;
  r.factor = wanted_factor > 0 ? wanted_factor : std::clamp(brokers, 1, 3);
  r.min_insync = wanted_min_insync > 0 ? wanted_min_insync : (r.factor >= 3 ? 2 : 1);
  return r;
}

std::optional<std::string> replication_problem(const TopicReplication& replication) {
  if (replication.min_insync > replication.factor) {
    return fmt::format(
        "--min-insync-replicas {} is more than --replication-factor {}: no write could ever "
        "succeed; lower it",
        replication.min_insync, replication.factor);
  }
  return std::nullopt;
}

}  // namespace mobilecs::kafka
