#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

#include "files/folder.h"
#include "generator/incoming_records_generator.h"

namespace mobilecs::api {

struct WrittenFile {
  std::filesystem::path path;
  std::uint64_t records = 0;
};

// Writes the generator's next reference file into `dir` under a hidden temporary name that
// readers ignore, renaming it once complete (docs/formats.md §2). `on_chunk` sees the text as it
// is written (for progress). Throws std::filesystem::filesystem_error naming the file; a failed
// write leaves no file behind.
WrittenFile write_next_incoming_file(generator::IncomingRecordsGenerator& generator,
                                     const files::Folder& dir,
                                     const std::function<void(std::string_view)>& on_chunk = {});

}  // namespace mobilecs::api
