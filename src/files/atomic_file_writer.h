#pragma once

#include <string>
#include <string_view>

#include "files/folder.h"

namespace mobilecs::files {

// Writes the file `name` in `folder` under a fresh temporary name and renames it into place on
// commit(), so readers never see half of it; nothing already in the folder is written through.
// Without commit() the temporary file is removed. `folder` must outlive the writer.
class AtomicFileWriter {
 public:
  AtomicFileWriter(const Folder& folder, std::string name);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void append(std::string_view data);
  void commit();
  // Commits under a name known only once the content is written.
  void commit_as(std::string name) {
    name_ = std::move(name);
    commit();
  }

 private:
  void flush();
  const Folder& folder_;
  std::string name_;
  std::string tmp_;
  UniqueFd fd_;
  std::string buffer_;
};

}  // namespace mobilecs::files
