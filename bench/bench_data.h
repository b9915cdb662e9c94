#pragma once

#include <string>
#include <vector>

#include "core/codec/agreement_json.h"
#include "generator/agreements_generator.h"
#include "generator/incoming_records_generator.h"

namespace mobilecs::bench {

// The reference data set for `subscribers` subscribers: their agreements and the lines of the
// first month, as the generator writes them.
struct ReferenceMonth {
  std::vector<core::Agreement> agreements;
  std::vector<std::string> lines;
};

inline ReferenceMonth reference_month(int subscribers) {
  ReferenceMonth month;
  generator::AgreementsGenerator agreements;
  for (int i = 0; i < subscribers; ++i) month.agreements.push_back(agreements.next());
  generator::IncomingRecordsGenerator records(subscribers);
  std::string text;
  records.next_file([&](std::string_view chunk) { text.append(chunk); });
  std::size_t start = 0;
  for (std::size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    month.lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return month;
}

}  // namespace mobilecs::bench
