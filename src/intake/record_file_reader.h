#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "files/file_progress.h"
#include "files/incoming_folder.h"
#include "files/line_reader.h"
#include "files/rejected_lines.h"
#include "intake/progress_store.h"

namespace mobilecs::intake {

struct BadLine {
  std::uint64_t number = 0;
  std::string reason;
};

// A parsed chunk of an incoming data record file.
template <class Record>
struct ParsedChunk {
  files::IncomingFile file;
  std::vector<Record> records;
  std::vector<std::uint64_t> record_lines;  // the line number of each record
  std::vector<BadLine> bad_lines;
  files::FileProgress progress;  // after this chunk
  bool end_of_file = false;
};

// Which file to read next: the oldest complete one of a folder (docs/semantics.md §1), from where
// the committed steps left it; with `claim_from`, a folder several readers share, the files this
// reader claimed (renamed into its own folder) come first, then it claims the oldest there.
class FileQueue {
 public:
  // The folders must outlive the queue.
  FileQueue(const files::Folder& dir, const files::Folder* claim_from, ProgressStore& progress,
            std::size_t chunk_bytes);

  struct Opened {
    files::IncomingFile file;                   // its refusal says why it cannot be read, if so
    files::FileProgress progress;               // where reading starts
    std::unique_ptr<files::LineReader> reader;  // none if the file cannot be read
  };
  // The next file not handed out yet; nullopt when none waits.
  std::optional<Opened> open_next();
  // The file was handed out to its end; it is not listed again until finished().
  void handed_out(const std::string& name);
  // The file has been set aside: it may be listed again (a new file under the same name).
  void finished(const std::string& name);
  // Every file handed out goes back: it is read again from its committed progress.
  void rewind();

 private:
  std::vector<files::IncomingFile> candidates();

  const files::Folder& dir_;
  const files::Folder* claim_from_;
  ProgressStore& progress_;
  std::size_t chunk_bytes_;
  std::mutex handed_out_mutex_;  // finished() comes from another thread than open_next()
  std::set<std::string> handed_out_;
};

// Reads the files a FileQueue gives, chunk by chunk, into records of `Parser`. Meant to run ahead
// of processing on another thread: only finished() may be called concurrently with next().
template <class Parser>
class RecordFileReader {
 public:
  using Record = typename Parser::Record;

  RecordFileReader(const files::Folder& dir, const files::Folder* claim_from,
                   ProgressStore& progress, std::size_t chunk_bytes)
      : queue_(dir, claim_from, progress, chunk_bytes) {}

  // The next chunk of the current file, or of the next complete file; nullopt when none waits. A
  // file that cannot be read (a symbolic link, not a regular file, no permission) is one chunk
  // at its end with one bad line, kWholeFile, saying why. A line the progress says was refused
  // downstream (a broker refusing its timestamp) is a bad line again, for the same reason.
  std::optional<ParsedChunk<Record>> next() {
    if (!open_ && !(open_ = queue_.open_next())) return std::nullopt;
    ParsedChunk<Record> chunk;
    chunk.file = open_->file;
    files::FileProgress& progress = open_->progress;
    if (!open_->file.refusal.empty()) {
      chunk.bad_lines.push_back(BadLine{files::kWholeFile, open_->file.refusal});
      ++progress.bad_lines;
    }
    if (!open_->reader || !open_->reader->next(lines_)) {
      chunk.end_of_file = true;
      chunk.progress = progress;
      queue_.handed_out(open_->file.name);
      open_.reset();
      return chunk;
    }
    chunk.records.reserve(lines_.size());
    chunk.record_lines.reserve(lines_.size());
    std::string error;
    for (const files::LineReader::Line& line : lines_) {
      if (line.too_long) {
        chunk.bad_lines.push_back(BadLine{line.number, files::too_long_reason()});
      } else if (files::is_blank(line.text)) {
        continue;
      } else if (const auto refused = progress.refused.find(line.number);
                 refused != progress.refused.end()) {
        chunk.bad_lines.push_back(BadLine{line.number, refused->second});
      } else if (parser_.parse(line.text, record_, error)) {
        chunk.records.push_back(std::move(record_));
        chunk.record_lines.push_back(line.number);
      } else {
        chunk.bad_lines.push_back(BadLine{line.number, std::move(error)});
      }
    }
    progress.offset = open_->reader->offset();
    progress.lines = open_->reader->line_number();
    progress.bad_lines += chunk.bad_lines.size();
    chunk.progress = progress;
    return chunk;
  }

  void finished(const std::string& name) { queue_.finished(name); }
  // Goes back to the committed progress of every file (not while next() runs).
  void rewind() {
    open_.reset();
    queue_.rewind();
  }

 private:
  FileQueue queue_;
  Parser parser_;
  Record record_;
  std::optional<FileQueue::Opened> open_;
  std::vector<files::LineReader::Line> lines_;
};

}  // namespace mobilecs::intake
