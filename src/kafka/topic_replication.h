#pragma once

#include <optional>
#include <string>

namespace mobilecs::kafka {

// How many copies of each partition the topics mobilecs creates have, and how many of them must
// have a write before it counts (the topic's min.insync.replicas). With acks=all, which the
// transactional producers use, a write survives the loss of factor - min_insync brokers, and
// writes go on while min_insync replicas are in sync.
struct TopicReplication {
  int factor = 1;
  int min_insync = 1;
};

// The replication of new topics: the flags' values where given (non-zero), otherwise three
// replicas (fewer if the cluster has fewer brokers) and a min ISR of two (one below three
// replicas). `brokers` is the number the cluster reports.
TopicReplication choose_replication(int wanted_factor, int wanted_min_insync, int brokers);

// What is wrong with a replication, as an operator reads it (naming the flag to change); nullopt
// if nothing. A factor above the number of brokers is the broker's to refuse: it may be one that
// is restarting.
std::optional<std::string> replication_problem(const TopicReplication& replication);

}  // namespace mobilecs::kafka
