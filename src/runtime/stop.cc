#include "runtime/stop.h"

#include <condition_variable>
#include <mutex>

namespace mobilecs::runtime {

bool sleep_for(const std::stop_token& stop, std::chrono::nanoseconds duration) {
  std::mutex mutex;
  std::condition_variable_any woken;
  std::unique_lock lock(mutex);
  woken.wait_for(lock, stop, duration, [] { return false; });
  return !stop.stop_requested();
}

}  // namespace mobilecs::runtime
