#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/time/time_zones.h"
#include "embedded/data_folder.h"
#include "embedded/record_file_reader.h"
#include "files/file_progress.h"
#include "files/folder_watch.h"
#include "files/incoming_folder.h"
#include "files/line_reader.h"
#include "rocks/database.h"
#include "runtime/background_task.h"
#include "runtime/input_batch.h"

namespace mobilecs::embedded {

// Counts of what the source finished, for the end-of-run log and tests.
struct FileSourceStats {
  std::uint64_t files = 0;
  std::uint64_t lines = 0;
  std::uint64_t bad_lines = 0;
};

// The input port of `mobilecs run`: the complete files of the data folder's agreements/ and
// incoming-data-records/ (docs/semantics.md §1), agreements first, as batches for the step runner.
// One input partition (0), assigned from the start. Progress is each file's FileProgress under its
// key in the state's meta family; a finished file is set aside (with its bad-line report) once its
// last step is committed. Record files are read and parsed ahead on a thread of their own.
class FileSource {
 public:
  using Progress = std::map<std::string, files::FileProgress>;  // by progress key
  static constexpr core::PartitionId kPartition = 0;

  FileSource(const DataFolder& folder, rocks::Database& db, std::size_t chunk_bytes,
             std::chrono::milliseconds poll_interval);
  ~FileSource();

  runtime::InputBatch<Progress> poll(const std::stop_token& stop,
                                     std::chrono::steady_clock::time_point until);
  bool exhausted() const { return exhausted_; }
  // The embedded committer never aborts a step: there is nothing to go back to.
  void rewind() {}
  void after_commit();

  const FileSourceStats& stats() const { return stats_; }
  static std::string record_progress_key(const std::string& name);

 private:
  struct AgreementFile {
    files::IncomingFile file;
    files::FileProgress progress;
    std::unique_ptr<files::LineReader> reader;  // none if the file cannot be read
  };
  struct FinishedFile {
    files::IncomingFile file;
    files::FileProgress progress;
    bool agreements;
  };

  struct Folders {
    explicit Folders(const DataFolder& folder);
    files::Folder agreements;
    files::Folder agreements_processed;
    files::Folder records;
    files::Folder records_processed;
  };

  bool open_agreement_file();
  bool next_agreements(runtime::InputBatch<Progress>& batch);
  bool next_records(runtime::InputBatch<Progress>& batch);
  void forget_orphaned_progress(const files::Folder& dir, const std::string& prefix);
  std::optional<files::FileProgress> saved_progress(const std::string& key);
  void set_aside(const FinishedFile& finished);

  Folders folders_;
  rocks::Database& db_;
  std::size_t chunk_bytes_;
  std::chrono::milliseconds poll_interval_;
  core::TimeZones zones_;
  std::optional<AgreementFile> agreement_file_;
  std::vector<files::LineReader::Line> lines_;
  RecordFileReader record_reader_;
  runtime::Prefetcher<ParsedChunk> record_chunks_;
  std::optional<files::FolderWatch> watch_;  // wakes an idle poll when a file arrives
  std::deque<FinishedFile> finished_;        // to set aside once committed
  bool caught_up_ = false;
  bool exhausted_ = false;
  FileSourceStats stats_;
};

}  // namespace mobilecs::embedded
