#pragma once

#include <string>

#include "core/model/byte_total.h"

namespace mobilecs::api {

// A billing period's total as the total-data-used endpoint shows it: one line each in B, KB,
// MB and GB (steps of 1024, halves rounded up), e.g. "5697948758 B\n5564403 KB\n5434 MB\n5 GB".
std::string data_usage_text(core::ByteTotal total_bytes);

}  // namespace mobilecs::api
