#include "importer/importer.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "core/codec/incoming_record_json.h"
#include "core/codec/incoming_record_line.h"
#include "files/line_reader.h"
#include "files/rejected_lines.h"
#include "kafka/kafka_error.h"
#include "kafka/partition_reader.h"
#include "kafka/topic_admin.h"

namespace mobilecs::importer {
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kBadLinesLoggedPerFile = 10;

bool check_record_line(std::string_view line, std::string& reason) {
  core::TimeZones zones;
  core::IncomingDataRecord record;
  return core::parse_incoming_record_line(line, zones, record, reason);
}

}  // namespace

Importer::Importer(ImporterConfig config)
    : config_(std::move(config)),
      claim_dir_(config_.incoming_dir / (".importer-" + config_.instance_id)),
      records_topic_(config_.kafka.name(kafka::topic::kIncomingDataRecords)),
      progress_topic_(config_.kafka.name(kafka::topic::kImportProgress)) {
  fs::create_directories(claim_dir_);
  kafka::ensure_topics(config_.kafka, kafka::mobilecs_topics(config_.kafka));
  producer_ = std::make_unique<kafka::TransactionalProducer>(
      config_.kafka, config_.kafka.name("mobilecs-importer-" + config_.instance_id));
  load_progress();
}

Importer::~Importer() = default;

std::string Importer::progress_key(const std::string& name) const {
  return config_.instance_id + "/" + name;
}

void Importer::load_progress() {
  const std::string prefix = config_.instance_id + "/";
  kafka::read_partitions_to_end(
      config_.kafka, progress_topic_, {{0, -1}}, [&](const RdKafka::Message& m) {
        const std::string key = m.key() ? *m.key() : std::string();
        if (!key.starts_with(prefix)) return;  // another instance's files
        const std::string name = key.substr(prefix.size());
        if (m.payload() == nullptr) {
          progress_.erase(name);
        } else if (const auto p = files::decode_file_progress(
                       std::string_view(static_cast<const char*>(m.payload()), m.len()))) {
          progress_[name] = *p;
        }
      });
  // A crash between setting a file aside and forgetting its progress leaves the entry behind.
  for (auto it = progress_.begin(); it != progress_.end();) {
    const std::string name = (it++)->first;
    if (!fs::exists(claim_dir_ / name)) forget_progress(name);
  }
}

std::optional<files::IncomingFile> Importer::next_file() {
  // First what this instance had claimed before it stopped, then the oldest complete file.
  if (auto claimed = files::list_complete_files(claim_dir_); !claimed.empty()) {
    return claimed.front();
  }
  for (const files::IncomingFile& file : files::list_complete_files(config_.incoming_dir)) {
    std::error_code ec;
    fs::rename(file.path, claim_dir_ / file.name, ec);
    if (!ec) {
      files::IncomingFile claimed = file;
      claimed.path = claim_dir_ / file.name;
      return claimed;
    }
    // Another importer took it first, or it vanished: try the next.
  }
  return std::nullopt;
}

void Importer::run(bool until_idle, const std::atomic<bool>& stop) {
  while (!stop.load()) {
    std::optional<files::IncomingFile> file = next_file();
    if (!file) {
      if (until_idle) break;
      std::this_thread::sleep_for(config_.poll_interval);
      continue;
    }
    import_file(*file, stop);
  }
  spdlog::info("imported {} records from {} files, {} bad lines", stats_.records, stats_.files,
               stats_.bad_lines);
}

void Importer::import_file(const files::IncomingFile& file, const std::atomic<bool>& stop) {
  files::FileProgress progress{file.identity, 0, 0, 0};
  if (const auto it = progress_.find(file.name); it != progress_.end()) {
    if (it->second.identity == file.identity) {
      progress = it->second;
      if (progress.lines > 0) spdlog::info("resuming {} at line {}", file.name, progress.lines + 1);
    } else {
      spdlog::info("{} is a new file under an old name; importing it from the start", file.name);
    }
  }
  while (!stop.load()) {
    try {
      if (!import_chunk(file, progress)) {
        finish_file(file, progress);
        return;
      }
    } catch (const kafka::KafkaError& e) {
      spdlog::warn("{}; redoing {} from line {}", e.what(), file.name, progress.lines + 1);
      recover(e);
    }
  }
}

bool Importer::import_chunk(const files::IncomingFile& file, files::FileProgress& committed) {
  files::LineReader reader(file.path, committed.offset, committed.lines, config_.chunk_bytes);
  std::vector<files::LineReader::Line> lines;
  if (!reader.next(lines)) {
    return false;
  }
  files::FileProgress next = committed;
  std::uint64_t records = 0;
  producer_->begin();
  core::IncomingDataRecord record;
  std::string error;
  std::string value;
  for (const files::LineReader::Line& line : lines) {
    if (line.too_long) {
      error = files::too_long_reason();
    } else if (files::is_blank(line.text)) {
      continue;
    } else if (core::parse_incoming_record_line(line.text, zones_, record, error)) {
      value.clear();
      core::append_incoming_record_json(value, record, zones_);
      producer_->produce(records_topic_, -1, record.msisdn, value,
                         record.recorded_at.epoch_millis());
      ++records;
      continue;
    }
    if (next.bad_lines++ < kBadLinesLoggedPerFile) {
      spdlog::warn("{}:{}: {}", file.name, line.number, error);
    }
  }
  next.offset = reader.offset();
  next.lines = reader.line_number();
  const std::string encoded = files::encode_file_progress(next);
  producer_->produce(progress_topic_, 0, progress_key(file.name), encoded, 0);
  producer_->commit();
  stats_.records += records;
  stats_.bad_lines += next.bad_lines - committed.bad_lines;
  if (config_.metrics != nullptr) {
    config_.metrics->records_imported.add(records);
    config_.metrics->records_malformed.add(next.bad_lines - committed.bad_lines);
  }
  committed = next;
  progress_[file.name] = next;
  return true;
}

void Importer::finish_file(const files::IncomingFile& file, const files::FileProgress& progress) {
  const fs::path moved = files::set_aside_processed_file(
      file, progress.bad_lines, config_.incoming_dir / "processed", check_record_line);
  forget_progress(file.name);
  ++stats_.files;
  if (progress.bad_lines > 0) {
    spdlog::warn("{}: {} of {} lines rejected; see {}.report.txt", file.name, progress.bad_lines,
                 progress.lines, moved.string());
  } else {
    spdlog::info("{}: {} lines imported, moved to {}", file.name, progress.lines, moved.string());
  }
}

void Importer::recover(const kafka::KafkaError& error) {
  if (error.fatal()) {
    if (!fencing_.survivable()) {
      throw kafka::KafkaError(std::string(error.what()) +
                                  " (repeatedly: is another importer running with --instance-id " +
                                  config_.instance_id + "?)",
                              false, false, true);
    }
    producer_.reset();
    producer_ = std::make_unique<kafka::TransactionalProducer>(
        config_.kafka, config_.kafka.name("mobilecs-importer-" + config_.instance_id));
  } else if (error.abortable()) {
    try {
      producer_->abort();
    } catch (const kafka::KafkaError& abort_error) {
      if (!abort_error.fatal()) throw;
      recover(abort_error);
    }
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
}

void Importer::forget_progress(const std::string& name) {
  for (;;) {
    try {
      producer_->begin();
      producer_->produce(progress_topic_, 0, progress_key(name), std::nullopt, 0);
      producer_->commit();
      progress_.erase(name);
      return;
    } catch (const kafka::KafkaError& e) {
      spdlog::warn("{}; retrying", e.what());
      recover(e);
    }
  }
}

}  // namespace mobilecs::importer
