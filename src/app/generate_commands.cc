#include "app/generate_commands.h"

#include <fmt/format.h>

#include <fstream>

#include "app/progress_meter.h"
#include "core/codec/agreement_json.h"
#include "embedded/data_folder.h"
#include "files/atomic_file_writer.h"
#include "generator/agreements_generator.h"
#include "generator/data_records_generator.h"
#include "generator/incoming_records_generator.h"
#include "rocks/data_record_store.h"

namespace mobilecs::app {
namespace fs = std::filesystem;

fs::path generate_agreement_file(int count, const fs::path& dir) {
  fs::create_directories(dir);
  const fs::path path = dir / fmt::format("agreements_{:06}.jsonl", count);
  files::AtomicFileWriter out(path);
  generator::AgreementsGenerator generator;
  ProgressMeter meter("agreements", static_cast<std::uint64_t>(count));
  for (int i = 0; i < count; ++i) {
    out.append(core::agreement_to_json(generator.next()));
    out.append("\n");
    meter.add(1);
  }
  out.commit();
  meter.finish();
  return path;
}

std::vector<fs::path> generate_incoming_record_files(int subscribers, int months,
                                                     const fs::path& dir) {
  fs::create_directories(dir);
  generator::IncomingRecordsGenerator generator(subscribers);
  ProgressMeter meter("incoming data records", generator.records_in_next_files(months));
  std::vector<fs::path> paths;
  for (int m = 0; m < months; ++m) {
    const fs::path tmp = dir / fmt::format("tmp_{}_{}.csv", ::getpid(), m);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw fs::filesystem_error("cannot create", tmp, std::make_error_code(std::errc::io_error));
    }
    const auto file = generator.next_file([&](std::string_view chunk) {
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      meter.add(static_cast<std::uint64_t>(std::count(chunk.begin(), chunk.end(), '\n')));
    });
    out.close();
    if (!out) {
      throw fs::filesystem_error("cannot write", tmp, std::make_error_code(std::errc::io_error));
    }
    paths.push_back(dir / file.name);
    fs::rename(tmp, paths.back());  // complete: readers may take it now
  }
  meter.finish();
  return paths;
}

std::uint64_t generate_data_records_embedded(int agreements, int months, const fs::path& data_dir) {
  rocks::Database db(embedded::DataFolder{data_dir}.state(), rocks::Database::Options{});
  rocks::DataRecordStore store(db);
  generator::DataRecordsGenerator generator(agreements, months);
  std::vector<core::DataRecord> batch;
  std::uint64_t written = 0;
  ProgressMeter meter("data records", 0);
  generator.next_batch([&](const core::DataRecord& r) {
    batch.push_back(r);
    if (batch.size() == 100'000) {
      store.write(batch);
      meter.add(batch.size());
      written += batch.size();
      batch.clear();
    }
  });
  store.write(batch);
  written += batch.size();
  meter.add(batch.size());
  meter.finish();
  return written;
}

}  // namespace mobilecs::app
