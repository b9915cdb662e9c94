#include "generator/incoming_records_generator.h"

#include <fmt/format.h>

#include <numeric>
#include <stdexcept>
#include <utility>

#include "core/codec/incoming_record_line.h"
#include "core/time/time_zones.h"
#include "generator/reference_sequences.h"

namespace mobilecs::generator {
namespace {

constexpr std::size_t kChunkBytes = 1 << 20;

}  // namespace

IncomingRecordsGenerator::IncomingRecordsGenerator(int subscribers)
    : begin_{kStart.epoch_second + kSecondsPerRecord, 0} {
  if (subscribers < 1) {
    throw std::invalid_argument("the number of subscribers must be at least 1");
  }
  JavaRandom msisdns(kMsisdnSeed);
  msisdns_.reserve(static_cast<std::size_t>(subscribers));
  subscribers_.reserve(static_cast<std::size_t>(subscribers));
  for (int i = 0; i < subscribers; ++i) {
    msisdns_.push_back(next_msisdn(msisdns));
    subscribers_.push_back(Subscriber{JavaRandom(33774923 + i), JavaRandom(24524555 + i)});
  }
  order_.resize(msisdns_.size());
  std::iota(order_.begin(), order_.end(), 0);
}

std::uint64_t IncomingRecordsGenerator::records_in_next_files(int files) const {
  std::uint64_t steps = 0;
  core::Instant begin = begin_;
  for (int i = 0; i < files; ++i) {
    const core::Instant end = plus_months(reference_zone(), begin, 1);
    const std::int64_t n =
        (end.epoch_second - begin.epoch_second + kSecondsPerRecord - 1) / kSecondsPerRecord;
    steps += static_cast<std::uint64_t>(n);
    begin.epoch_second += n * kSecondsPerRecord;
  }
  return steps * subscribers_.size();
}

IncomingRecordsGenerator::File IncomingRecordsGenerator::next_file(
    const std::function<void(std::string_view)>& write) {
  const date::time_zone& zone = reference_zone();
  const std::string zone_id(zone.name());
  const core::Uuid name_id = next_uuid(file_names_);
  const std::int32_t begin_offset = core::offset_at(zone, begin_.epoch_second);
  const core::LocalDateTime first_local =
      core::local_date_time_at(begin_.epoch_second + begin_offset, 0);
  File file{fmt::format("idr_{:03}_{:04}-{:02}-{:02}_{}.csv", file_counter_++, first_local.year,
                        first_local.month, first_local.day, name_id.to_string()),
            0};

  const core::Instant end = plus_months(zone, begin_, 1);
  std::string chunk;
  chunk.reserve(kChunkBytes + 512);
  char id_text[core::kUuidTextLength];
  core::Instant t = begin_;
  for (; t < end; t.epoch_second += kSecondsPerRecord) {
    const std::int32_t offset = core::offset_at(zone, t.epoch_second);
    const core::LocalDateTime local = core::local_date_time_at(t.epoch_second + offset, 0);
    // Collections.shuffle(list, rnd): for i from size-1 down to 1, swap i with nextInt(i + 1).
    for (std::size_t i = order_.size(); i > 1; --i) {
      std::swap(order_[i - 1],
                order_[static_cast<std::size_t>(shuffle_.next_int(static_cast<std::int32_t>(i)))]);
    }
    for (const std::size_t s : order_) {
      Subscriber& subscriber = subscribers_[s];
      next_uuid(subscriber.ids).format(id_text);
      const auto bytes = static_cast<std::int64_t>(subscriber.bytes.next_double() * kGiB);
      core::append_incoming_record_line(chunk, std::string_view(id_text, sizeof id_text), local,
                                        offset, zone_id, msisdns_[s], bytes);
      ++file.records;
      if (chunk.size() >= kChunkBytes) {
        write(chunk);
        chunk.clear();
      }
    }
  }
  if (!chunk.empty()) {
    write(chunk);
  }
  begin_ = t;
  return file;
}

}  // namespace mobilecs::generator
