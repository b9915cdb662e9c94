#pragma once

#include "metrics/registry.h"

namespace mobilecs::metrics {

// Failed attempts that a retry policy answered with another attempt, in this whole process: an
// unreachable server, a store write or a Kafka transaction that failed, a step redone. One
// counter for every role, whichever registry serves it (the alert rules watch its rate).
Counter& failed_attempts();

// Serves failed_attempts() from `registry` as mobilecs_failed_attempts_total.
void expose_failed_attempts(Registry& registry);

}  // namespace mobilecs::metrics
