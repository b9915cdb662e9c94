#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/instant.h"
#include "generator/java_random.h"

namespace mobilecs::generator {

// The reference incoming data record files (docs/reference-data.md): each call to next_file is one
// batch, one month of one line per subscriber every 86400 s, in the order and with the ids and byte
// counts the reference generator produced. One object continues the sequences across batches.
class IncomingRecordsGenerator {
 public:
  explicit IncomingRecordsGenerator(int subscribers);

  struct File {
    std::string name;  // idr_NNN_YYYY-MM-DD_<uuid>.csv
    std::uint64_t records = 0;
  };

  // Generates the next batch, handing its text to `write` in chunks of whole lines.
  File next_file(const std::function<void(std::string_view)>& write);

  // Records in the next `files` batches, known before generating them (for progress).
  std::uint64_t records_in_next_files(int files = 1) const;
  const std::vector<std::string>& msisdns() const { return msisdns_; }

 private:
  struct Subscriber {
    JavaRandom ids;
    JavaRandom bytes;
  };
  std::vector<std::string> msisdns_;
  std::vector<Subscriber> subscribers_;
  std::vector<std::size_t> order_;  // the list Collections.shuffle permutes
  JavaRandom shuffle_{7371661};
  JavaRandom file_names_{3424233};
  int file_counter_ = 0;
  core::Instant begin_;
};

}  // namespace mobilecs::generator
