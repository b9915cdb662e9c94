#include "core/time/time_zones.h"

#include <stdexcept>

namespace mobilecs::core {

const date::time_zone* TimeZones::find(std::string_view id) {
  if (auto it = known_.find(id); it != known_.end()) {
    return it->second;
  }
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(id);
  } catch (const std::runtime_error&) {
    zone = nullptr;
  }
  if (zone != nullptr || unknown_count_ < kMaxUnknownNames) {
    unknown_count_ += zone == nullptr ? 1 : 0;
    known_.emplace(std::string(id), zone);
  }
  return zone;
}

std::int32_t offset_at(const date::time_zone& zone, std::int64_t epoch_second) {
  const auto info = zone.get_info(date::sys_seconds{std::chrono::seconds{epoch_second}});
  return static_cast<std::int32_t>(info.offset.count());
}

Instant instant_of_local(const date::time_zone& zone, const LocalDateTime& local) {
  const date::local_seconds tp{std::chrono::seconds{local_epoch_seconds(local)}};
  const auto info = zone.get_info(tp);
  std::int64_t epoch_second = 0;
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // first.offset is the earlier (pre-transition) offset
      epoch_second = tp.time_since_epoch().count() - info.first.offset.count();
      break;
    case date::local_info::nonexistent: {
      // Shift by the gap: the local time read with the offset before the transition.
      epoch_second = tp.time_since_epoch().count() - info.first.offset.count();
      break;
    }
  }
  return Instant{epoch_second, local.nano};
}

}  // namespace mobilecs::core
