#pragma once

#include <atomic>

namespace mobilecs::app {

// Set by SIGINT or SIGTERM: long-running commands finish their current step and exit cleanly.
const std::atomic<bool>& install_stop_signal_handlers();

}  // namespace mobilecs::app
