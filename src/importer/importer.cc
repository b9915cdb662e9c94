#include "importer/importer.h"

#include <spdlog/spdlog.h>

#include "core/codec/incoming_record_json.h"
#include "core/codec/incoming_record_line.h"
#include "files/rejected_lines.h"
#include "kafka/kafka_error.h"
#include "kafka/partition_reader.h"
#include "kafka/topic_admin.h"
#include "runtime/stop.h"

namespace mobilecs::importer {
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kBadLinesLoggedPerFile = 10;

bool check_record_line(std::string_view line, std::string& reason) {
  core::TimeZones zones;
  core::IncomingDataRecord record;
  return core::parse_incoming_record_line(line, zones, record, reason);
}

kafka::TimestampMs wall_clock() {
  return kafka::TimestampMs{std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count()};
}

runtime::RetryPolicy broker_policy(const std::string& what) {
  return runtime::RetryPolicy{what, std::chrono::milliseconds(500), std::chrono::seconds(5),
                              std::nullopt};
}

}  // namespace

Importer::Importer(ImporterConfig config, std::stop_token soft_stop, std::stop_token hard_stop)
    : config_(std::move(config)),
      soft_stop_(std::move(soft_stop)),
      hard_stop_(std::move(hard_stop)),
      incoming_(files::Folder::open(config_.incoming_dir, config_.folder_links)),
      processed_(incoming_.subfolder("processed")),
      claim_(incoming_.subfolder(".importer-" + config_.instance_id)),
      records_topic_(config_.kafka.name(kafka::topic::kIncomingDataRecords)),
      progress_topic_(config_.kafka.name(kafka::topic::kImportProgress)),
      transactions_(config_.kafka, config_.kafka.name("mobilecs-importer-" + config_.instance_id),
                    hard_stop_),
      step_metrics_(config_.metrics) {
  watch_.emplace(std::vector{config_.incoming_dir});
  runtime::retry_with_mitigation(
      broker_policy("preparing the topics on " + config_.kafka.bootstrap_servers), soft_stop_,
      [&] { kafka::ensure_topics(config_.kafka, kafka::mobilecs_topics(config_.kafka)); },
      kafka::retry_while_unreachable);
  // Fences a previous instance under this id, so its open transaction is aborted before the
  // progress is read.
  transactions_.set_topics({records_topic_, progress_topic_});
  transactions_.connect(soft_stop_);
  load_progress();
}

Importer::~Importer() = default;

std::string Importer::progress_key(const std::string& name) const {
  return config_.instance_id + "/" + name;
}

void Importer::load_progress() {
  const std::string prefix = config_.instance_id + "/";
  runtime::retry_with_mitigation(
      broker_policy("reading the import progress"), soft_stop_,
      [&] {
        progress_.clear();
        kafka::read_partitions_to_end(
            config_.kafka, progress_topic_, {{kafka::PartitionId{0}, kafka::Offset{-1}}},
            [&](const kafka::Message& m) {
              const std::string_view key = m.key().value_or(std::string_view());
              if (!key.starts_with(prefix)) return;  // another instance's files
              const std::string name(key.substr(prefix.size()));
              if (!m.value()) {
                progress_.erase(name);
              } else if (const auto p = files::decode_file_progress(*m.value())) {
                progress_[name] = *p;
              }
            },
            soft_stop_);
      },
      kafka::retry_while_unreachable);
  // A crash between setting a file aside and forgetting its progress leaves the entry behind.
  for (auto it = progress_.begin(); it != progress_.end();) {
    const std::string name = (it++)->first;
    if (!claim_.contains(name)) forget_progress(name);
  }
}

std::optional<files::IncomingFile> Importer::next_file() {
  // First what this instance had claimed before it stopped, then the oldest complete file.
  if (auto claimed = files::list_complete_files(claim_); !claimed.empty()) {
    return claimed.front();
  }
  for (const files::IncomingFile& file : files::list_complete_files(incoming_)) {
    try {
      if (incoming_.rename_if_free(file.name, claim_, file.name)) {
        files::IncomingFile claimed = file;
        claimed.path = claim_ / file.name;
        return claimed;
      }
    } catch (const fs::filesystem_error&) {
      // Another importer took it first, or it vanished: try the next.
    }
  }
  return std::nullopt;
}

void Importer::run(bool until_idle) {
  try {
    while (!soft_stop_.stop_requested()) {
      std::optional<files::IncomingFile> file = next_file();
      if (!file) {
        if (until_idle) break;
        watch_->wait(soft_stop_, config_.poll_interval);
        continue;
      }
      import_file(*file);
    }
  } catch (const runtime::Stopped&) {
    spdlog::info("stopped in the middle of a transaction; the next start redoes it");
  }
  spdlog::info("imported {} records from {} files, {} bad lines", stats_.records, stats_.files,
               stats_.bad_lines);
}

void Importer::import_file(const files::IncomingFile& file) {
  if (!file.refusal.empty()) return refuse_file(file);
  try {
    claim_.open_for_reading(file.name);
  } catch (const fs::filesystem_error& e) {
    const auto refusal = files::refusal_of(e);
    if (!refusal) throw;  // may pass: the role stops, and its restart tries again
    files::IncomingFile unreadable = file;
    unreadable.refusal = *refusal;
    return refuse_file(unreadable);
  }
  files::FileProgress progress{file.identity, 0, 0, 0, {}};
  if (const auto it = progress_.find(file.name); it != progress_.end()) {
    if (it->second.identity == file.identity) {
      progress = it->second;
      if (progress.lines > 0) spdlog::info("resuming {} at line {}", file.name, progress.lines + 1);
    } else {
      spdlog::info("{} is a new file under an old name; importing it from the start", file.name);
    }
  }
  while (!soft_stop_.stop_requested()) {
    if (!import_chunk(file, progress)) {
      finish_file(file, progress);
      return;
    }
  }
}

void Importer::refuse_file(const files::IncomingFile& file) {
  spdlog::warn("{}: {}", file.name, file.refusal);
  runtime::StepSummary summary;
  summary.bad_inputs.push_back(runtime::BadInput{file.name, files::kWholeFile, file.refusal});
  step_metrics_.on_committed(summary, {});
  ++stats_.bad_lines;
  finish_file(file, files::FileProgress{file.identity, 0, 0, 1, {}});
}

std::vector<Importer::Line> Importer::parse(const std::vector<files::LineReader::Line>& read) {
  std::vector<Line> lines;
  lines.reserve(read.size());
  core::IncomingDataRecord record;
  for (const files::LineReader::Line& l : read) {
    Line& line = lines.emplace_back();
    line.number = l.number;
    line.end_offset = l.end_offset;
    if (l.too_long) {
      line.problem = files::too_long_reason();
    } else if (files::is_blank(l.text)) {
      line.blank = true;
    } else if (core::parse_incoming_record_line(l.text, zones_, record, line.problem)) {
      line.key = record.msisdn;
      core::append_incoming_record_json(line.value, record, zones_);
      line.timestamp = record.recorded_at.epoch_millis();
    }
  }
  return lines;
}

bool Importer::import_chunk(const files::IncomingFile& file, files::FileProgress& committed) {
  files::LineReader reader(claim_, file.name, committed.offset, committed.lines,
                           config_.chunk_bytes);
  if (!reader.next(read_)) return false;
  const std::vector<Line> lines = parse(read_);
  import_lines(file, committed, lines);
  return true;
}

void Importer::import_lines(const files::IncomingFile& file, files::FileProgress& committed,
                            std::span<const Line> lines) {
  for (;;) {
    files::FileProgress next = committed;
    std::uint64_t records = 0;
    for (const Line& line : lines) {
      if (line.blank) continue;
      if (!line.problem.empty()) {
        if (next.bad_lines++ < kBadLinesLoggedPerFile && !next.refused.contains(line.number)) {
          spdlog::warn("{}:{}: {}", file.name, line.number, line.problem);
        }
      } else {
        ++records;
      }
    }
    next.offset = lines.back().end_offset;
    next.lines = lines.back().number;
    const std::string encoded = files::encode_file_progress(next);
    const kafka::TransactionOutcome outcome = transactions_.run([&](kafka::Transaction& t) {
      for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& line = lines[i];
        if (line.blank || !line.problem.empty()) continue;
        t.produce(records_topic_, std::nullopt, line.key, line.value,
                  kafka::TimestampMs{line.timestamp}, i);
      }
      t.produce(progress_topic_, kafka::PartitionId{0}, progress_key(file.name), encoded,
                wall_clock());
    });
    if (outcome.committed) {
      stats_.records += records;
      stats_.bad_lines += next.bad_lines - committed.bad_lines;
      runtime::StepSummary summary;
      summary.records = records;
      for (const Line& line : lines) {
        if (!line.problem.empty()) {
          summary.bad_inputs.push_back(runtime::BadInput{file.name, line.number, line.problem});
        }
      }
      step_metrics_.on_committed(summary, {});
      committed = next;
      progress_[file.name] = next;
      return;
    }
    if (outcome.refused.empty()) {
      spdlog::info("redoing {} from line {}", file.name, committed.lines + 1);
      continue;
    }
    if (lines.size() == 1) {
      // Refused on its own: the line itself is the problem. Set it aside and commit that.
      spdlog::warn("{}:{}: {}", file.name, lines[0].number, outcome.refused.front().reason);
      Line refused = lines[0];
      refused.problem = outcome.refused.front().reason;
      committed.refused[refused.number] = refused.problem;  // goes with the next commit
      import_lines(file, committed, std::span<const Line>(&refused, 1));
      return;
    }
    // The broker refuses a whole batch for one bad record: import around each suspect, and each
    // suspect alone, in file order.
    std::vector<std::size_t> suspects;
    for (const kafka::RefusedMessage& r : outcome.refused) suspects.push_back(r.tag);
    std::sort(suspects.begin(), suspects.end());
    suspects.erase(std::unique(suspects.begin(), suspects.end()), suspects.end());
    std::size_t start = 0;
    for (const std::size_t s : suspects) {
      if (s > start) import_lines(file, committed, lines.subspan(start, s - start));
      import_lines(file, committed, lines.subspan(s, 1));
      start = s + 1;
    }
    if (start < lines.size()) import_lines(file, committed, lines.subspan(start));
    return;
  }
}

void Importer::finish_file(const files::IncomingFile& file, const files::FileProgress& progress) {
  const fs::path moved = files::set_aside_processed_file(
      claim_, file, progress.bad_lines, processed_, check_record_line, progress.refused);
  forget_progress(file.name);
  ++stats_.files;
  if (progress.bad_lines > 0) {
    spdlog::warn("{}: {} of {} lines rejected; see {}.report.txt", file.name, progress.bad_lines,
                 progress.lines, moved.string());
  } else {
    spdlog::info("{}: {} lines imported, moved to {}", file.name, progress.lines, moved.string());
  }
}

void Importer::forget_progress(const std::string& name) {
  while (!transactions_
              .run([&](kafka::Transaction& t) {
                t.produce(progress_topic_, kafka::PartitionId{0}, progress_key(name), std::nullopt,
                          wall_clock());
              })
              .committed) {
  }
  progress_.erase(name);
}

}  // namespace mobilecs::importer
