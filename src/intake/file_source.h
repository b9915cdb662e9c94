#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/time/time_zones.h"
#include "files/file_progress.h"
#include "files/folder.h"
#include "files/folder_watch.h"
#include "files/line_reader.h"
#include "intake/progress_store.h"
#include "intake/record_file_reader.h"
#include "intake/record_parsers.h"
#include "runtime/background_task.h"
#include "runtime/input_batch.h"

namespace mobilecs::intake {

// Where a step's reading got to: each file's progress, by ProgressStore::key.
using FileProgressByKey = std::map<std::string, files::FileProgress>;

// Counts of what the source finished, for the end-of-run log and tests.
struct FileSourceStats {
  std::uint64_t files = 0;
  std::uint64_t lines = 0;
  std::uint64_t bad_lines = 0;
};

// The folders a file source reads, where it sets finished files aside, and where it finds its
// committed progress. The stores must outlive the source.
struct FileInputs {
  struct Folders {
    files::Folder read;       // the files, read in order
    files::Folder processed;  // finished files and their reports
    ProgressStore* progress = nullptr;
  };
  Folders records;
  // A folder several importers share: files are claimed from it into `records.read` (the
  // importer's own) before they are read.
  std::optional<files::Folder> claim_from;
  std::optional<Folders> agreements;  // read before records: reference data
};

// The file input port of the step runner, for `mobilecs run` (agreements and usage records) and
// the importer (records as Kafka messages): the complete files of its folders
// (docs/semantics.md §1), agreements first, as batches of one input partition (0), assigned from
// the start. Progress is each file's FileProgress under its ProgressStore key; a finished file is
// set aside (with its bad-line report) once its last step is committed. Record files are read
// and parsed ahead on a thread of their own.
template <class Parser>
class FileSource {
 public:
  using Progress = FileProgressByKey;
  using Record = typename Parser::Record;
  using Batch = runtime::InputBatch<Progress, Record>;
  static constexpr core::PartitionId kPartition{0};

  FileSource(FileInputs inputs, std::size_t chunk_bytes, std::chrono::milliseconds poll_interval);
  ~FileSource();

  Batch poll(const std::stop_token& stop, std::chrono::steady_clock::time_point until);
  bool exhausted() const { return exhausted_; }
  // After a step that was not committed: every file is read again from its committed progress.
  void rewind();
  void after_commit();

  const FileSourceStats& stats() const { return stats_; }

 private:
  struct FinishedFile {
    files::IncomingFile file;
    files::FileProgress progress;
    bool agreements;
  };

  bool next_agreements(Batch& batch);
  bool next_records(Batch& batch);
  std::string origin(const files::IncomingFile& file) const;
  void set_aside(const FinishedFile& finished);

  FileInputs inputs_;
  std::optional<FileQueue> agreement_files_;
  std::optional<FileQueue::Opened> agreement_file_;
  core::TimeZones zones_;
  std::vector<files::LineReader::Line> lines_;
  RecordFileReader<Parser> record_reader_;
  runtime::Prefetcher<ParsedChunk<Record>> record_chunks_;
  std::chrono::milliseconds poll_interval_;
  std::optional<files::FolderWatch> watch_;  // wakes an idle poll when a file arrives
  std::deque<FinishedFile> finished_;        // to set aside once committed
  bool caught_up_ = false;
  bool exhausted_ = false;
  FileSourceStats stats_;
};

extern template class FileSource<UsageRecordParser>;
extern template class FileSource<IncomingRecordMessageParser>;

}  // namespace mobilecs::intake
