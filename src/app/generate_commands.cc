#include "app/generate_commands.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/incoming_file_writer.h"
#include "app/commands.h"
#include "app/kafka_publisher.h"
#include "app/progress_meter.h"
#include "app/stop_signal.h"
#include "cassandra/cassandra_data_record_store.h"
#include "core/codec/agreement_json.h"
#include "embedded/data_folder.h"
#include "files/atomic_file_writer.h"
#include "generator/agreements_generator.h"
#include "generator/data_records_generator.h"
#include "generator/incoming_records_generator.h"
#include "rocks/rocks_data_record_store.h"
#include "store/retrying_store.h"

namespace mobilecs::app {
namespace fs = std::filesystem;

// The folders here are the ones the user names on the command line: they may be links.
fs::path generate_agreement_file(int count, const fs::path& dir) {
  const files::Folder folder = files::Folder::open(dir, files::FolderLinks::kFollow);
  const std::string name = fmt::format("agreements_{:06}.jsonl", count);
  files::AtomicFileWriter out(folder, name);
  generator::AgreementsGenerator generator;
  ProgressMeter meter("agreements", static_cast<std::uint64_t>(count));
  for (int i = 0; i < count; ++i) {
    out.append(core::agreement_to_json(generator.next()));
    out.append("\n");
    meter.add(1);
  }
  out.commit();
  meter.finish();
  return folder / name;
}

void produce_agreements(int count, const kafka::KafkaConfig& config) {
  KafkaPublisher publisher(config, "mobilecs-agreements-generator", StopSignals::hard());
  generator::AgreementsGenerator generator;
  std::vector<core::Agreement> agreements;
  agreements.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) agreements.push_back(generator.next());
  ProgressMeter meter("agreements", static_cast<std::uint64_t>(count));
  publisher.publish(agreement_messages(config, agreements));
  meter.add(agreements.size());
  meter.finish();
}

std::vector<fs::path> generate_incoming_record_files(int subscribers, int months,
                                                     const fs::path& dir) {
  const files::Folder folder = files::Folder::open(dir, files::FolderLinks::kFollow);
  generator::IncomingRecordsGenerator generator(subscribers);
  ProgressMeter meter("incoming data records", generator.records_in_next_files(months));
  std::vector<fs::path> paths;
  for (int m = 0; m < months; ++m) {
    paths.push_back(api::write_next_incoming_file(generator, folder, [&](std::string_view chunk) {
                      meter.add(
                          static_cast<std::uint64_t>(std::count(chunk.begin(), chunk.end(), '\n')));
                    }).path);
  }
  meter.finish();
  return paths;
}

std::uint64_t generate_data_records(int agreements, int months, store::DataRecordStore& store) {
  generator::DataRecordsGenerator generator(agreements, months);
  std::vector<core::DataRecord> batch;
  std::uint64_t written = 0;
  ProgressMeter meter("data records", 0);
  const auto flush = [&] {
    store.write(batch);
    meter.add(batch.size());
    written += batch.size();
    batch.clear();
  };
  generator.next_batch([&](const core::DataRecord& r) {
    batch.push_back(r);
    if (batch.size() == 100'000) flush();
  });
  flush();
  meter.finish();
  return written;
}

void add_generate_command(CLI::App& app, int& exit_code) {
  struct Options {
    int count = 0;
    fs::path agreements_dir;
    bool to_kafka = false;
    kafka::KafkaConfig kafka;
    int subscribers = 0;
    int months = 0;
    fs::path records_dir;
    int agreements = 0;
    fs::path data_dir;
    cassandra::CassandraConfig cassandra;
  };
  auto o = std::make_shared<Options>();
  const char* incoming = std::getenv("MOBILECS_INCOMING_DATA_RECORDS_DIR");
  o->records_dir =
      incoming != nullptr && *incoming != '\0' ? incoming : "/tmp/incoming-data-records";

  auto* generate =
      app.add_subcommand("generate", "Generate the reference data set (docs/reference-data.md)");
  generate->require_subcommand(1);

  auto* agreements = generate->add_subcommand("agreements", "The first N reference agreements");
  agreements->add_option("--count", o->count, "How many")->required()->check(CLI::PositiveNumber);
  auto* to_dir = agreements->add_option("--dir", o->agreements_dir,
                                        "Folder to write one JSON Lines file into");
  auto* to_kafka = agreements->add_flag("--kafka", o->to_kafka,
                                        "Publish to the agreements topic instead (broker: "
                                        "--bootstrap-servers, as KAFKA_BOOTSTRAP_SERVERS)");
  to_dir->excludes(to_kafka);
  add_kafka_options(*agreements, o->kafka);
  agreements->callback([o, to_dir, &exit_code] {
    if (o->to_kafka) {
      produce_agreements(o->count, o->kafka);
    } else if (*to_dir) {
      spdlog::info("wrote {}", generate_agreement_file(o->count, o->agreements_dir).string());
    } else {
      throw CLI::ValidationError("--dir or --kafka", "say where the agreements go");
    }
    exit_code = 0;
  });

  auto* records = generate->add_subcommand("incoming-data-records",
                                           "M monthly files of usage for N subscribers");
  records->add_option("--subscribers", o->subscribers, "Subscribers")
      ->required()
      ->check(CLI::PositiveNumber);
  records->add_option("--months", o->months, "Months, one file each")
      ->required()
      ->check(CLI::PositiveNumber);
  records->add_option("--dir", o->records_dir, "Incoming folder")
      ->envname("MOBILECS_INCOMING_DATA_RECORDS_DIR")
      ->capture_default_str();
  records->callback([o, &exit_code] {
    for (const auto& path :
         generate_incoming_record_files(o->subscribers, o->months, o->records_dir)) {
      spdlog::info("wrote {}", path.string());
    }
    exit_code = 0;
  });

  auto* data =
      generate->add_subcommand("data-records", "Data records written directly to the store");
  data->add_option("--agreements", o->agreements, "Agreements")
      ->required()
      ->check(CLI::PositiveNumber);
  data->add_option("--months", o->months, "Months per agreement")
      ->required()
      ->check(CLI::PositiveNumber);
  auto* to_data_dir =
      data->add_option("--data-dir", o->data_dir, "Data folder of the embedded store");
  auto* to_cassandra = data->add_option("--cassandra", o->cassandra.contact_points,
                                        "Cassandra host[:port],... to write to instead");
  to_data_dir->excludes(to_cassandra);
  data->add_option("--cassandra-keyspace", o->cassandra.keyspace, "Keyspace (created if missing)")
      ->capture_default_str();
  data->callback([o, to_data_dir, to_cassandra, &exit_code] {
    if (*to_cassandra) {
      cassandra::CassandraDataRecordStore cassandra(o->cassandra);
      store::RetryingStore store(cassandra, runtime::BackoffConfig{}, std::nullopt,
                                 StopSignals::soft());
      generate_data_records(o->agreements, o->months, store);
    } else if (*to_data_dir) {
      rocks::Database db(embedded::DataFolder{o->data_dir}.state(), rocks::Database::Options{});
      rocks::RocksDataRecordStore store(db);
      generate_data_records(o->agreements, o->months, store);
    } else {
      throw CLI::ValidationError("--data-dir or --cassandra", "say where the records go");
    }
    exit_code = 0;
  });
}

}  // namespace mobilecs::app
