#include "api/incoming_file_writer.h"

#include "files/atomic_file_writer.h"

namespace mobilecs::api {

WrittenFile write_next_incoming_file(generator::IncomingRecordsGenerator& generator,
                                     const files::Folder& dir,
                                     const std::function<void(std::string_view)>& on_chunk) {
  files::AtomicFileWriter out(dir, "incoming-data-records.csv");
  const auto file = generator.next_file([&](std::string_view chunk) {
    out.append(chunk);
    if (on_chunk) on_chunk(chunk);
  });
  out.commit_as(file.name);
  return WrittenFile{dir / file.name, file.records};
}

}  // namespace mobilecs::api
