#include "metrics/process_counters.h"

namespace mobilecs::metrics {

Counter& failed_attempts() {
  static Counter counter;
  return counter;
}

void expose_failed_attempts(Registry& registry) {
  registry.expose("mobilecs_failed_attempts_total",
                  "Failed attempts retried: servers unreachable, store writes and Kafka "
                  "transactions that failed, steps redone",
                  failed_attempts());
}

}  // namespace mobilecs::metrics
