#include "generator/reference_sequences.h"

#include <fmt/format.h>

#include "core/time/time_zones.h"

namespace mobilecs::generator {

core::Uuid next_uuid(JavaRandom& random) {
  std::uint8_t bytes[8];
  random.next_bytes(bytes, sizeof bytes);
  return core::name_uuid_v3(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string next_msisdn(JavaRandom& random) {
  return fmt::format("48{}", static_cast<std::int64_t>(random.next_double() * 1'000'000'000));
}

const date::time_zone& reference_zone() {
  static const date::time_zone* zone = date::locate_zone(kReferenceZone);
  return *zone;
}

namespace {

// ZonedDateTime.resolveLocal: the new local date-time in `zone`, keeping `preferred_offset`
// when the local time is ambiguous and it is one of the two.
core::Instant resolve_local(const date::time_zone& zone, const core::LocalDateTime& local,
                            std::int32_t preferred_offset) {
  const date::local_seconds tp{std::chrono::seconds{core::local_epoch_seconds(local)}};
  const auto info = zone.get_info(tp);
  if (info.result == date::local_info::ambiguous &&
      info.second.offset.count() == preferred_offset) {
    return core::Instant{tp.time_since_epoch().count() - preferred_offset, local.nano};
  }
  return core::instant_of_local(zone, local);
}

}  // namespace

core::Instant plus_months(const date::time_zone& zone, core::Instant t, int months) {
  const std::int32_t offset = core::offset_at(zone, t.epoch_second);
  core::LocalDateTime local = core::local_date_time_at(t.epoch_second + offset, t.nano);
  const int month_index = local.year * 12 + (local.month - 1) + months;
  local.year = month_index / 12;
  local.month = month_index % 12 + 1;
  const date::year_month_day_last last{
      date::year{local.year} / date::month{static_cast<unsigned>(local.month)} / date::last};
  local.day = std::min(local.day, static_cast<int>(static_cast<unsigned>(last.day())));
  return resolve_local(zone, local, offset);
}

core::Instant plus_days(const date::time_zone& zone, core::Instant t, int days) {
  const std::int32_t offset = core::offset_at(zone, t.epoch_second);
  const core::LocalDateTime local = core::local_date_time_at(t.epoch_second + offset, t.nano);
  const std::int64_t moved = core::local_epoch_seconds(local) + std::int64_t{days} * 86400;
  return resolve_local(zone, core::local_date_time_at(moved, t.nano), offset);
}

}  // namespace mobilecs::generator
