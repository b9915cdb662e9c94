#include <algorithm>
#include <cctype>

#include "app/commands.h"

namespace mobilecs::app {

void add_symlinked_folders_flag(CLI::App& command, files::FolderLinks& links) {
  command.add_flag_callback(
      "--allow-symlinked-folders", [&links] { links = files::FolderLinks::kFollow; },
      "Accept a data, incoming or processed/ folder that is a symbolic link (refused by default: "
      "whoever can write next to it could send mobilecs' files elsewhere). Files inside are "
      "never followed through links either way");
}

CLI::Validator instance_id_check() {
  return CLI::Validator(
      [](const std::string& id) -> std::string {
        const bool ok = !id.empty() && id.size() <= 64 && id.front() != '.' &&
                        std::all_of(id.begin(), id.end(), [](unsigned char c) {
                          return std::isalnum(c) || c == '.' || c == '_' || c == '-';
                        });
        return ok ? ""
                  : "an instance id is 1 to 64 letters, digits, '.', '_' or '-', not "
                    "starting with '.'";
      },
      "ID");
}

}  // namespace mobilecs::app
