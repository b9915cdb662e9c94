#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <system_error>

#include "app/commands.h"
#include "auth/api_tokens.h"

namespace mobilecs::app {

void add_api_token_command(CLI::App& app, int& exit_code) {
  struct Options {
    std::string name;
    std::vector<std::string> scopes;
    std::string file;
  };
  auto o = std::make_shared<Options>();
  auto* tokens =
      app.add_subcommand("api-token", "Static API tokens for machines (docs/security.md)");
  tokens->require_subcommand(1);
  auto* create = tokens->add_subcommand(
      "create",
      "Make a token: printed once on standard output, its hash appended to --file (a servers' "
      "--api-tokens-file)");
  create->add_option("--name", o->name, "Who or what uses it (shown in the audit trail)")
      ->required()
      ->check([](const std::string& name) {
        return auth::valid_token_name(name)
                   ? std::string()
                   : std::string("a name is 1 to 64 letters, digits, '.', '_', '-' or '@'");
      });
  create->add_option("--scope", o->scopes, "usage:read, usage:write or admin; repeatable")
      ->required()
      ->check(CLI::IsMember({"usage:read", "usage:write", "admin"}));
  create->add_option("--file", o->file, "The tokens file to append to (made if missing, 0600)")
      ->required();
  create->callback([o, &exit_code] {
    auth::Scopes scopes;
    for (const auto& s : o->scopes) scopes.add(*auth::parse_scope(s));
    const std::string token = auth::new_api_token();
    const std::string line = auth::token_file_line(o->name, token, scopes) + "\n";
    const int fd =
        ::open(o->file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    struct stat st {};
    if (fd < 0 || ::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
        ::fstat(fd, &st) != 0 || (S_ISREG(st.st_mode) && ::fsync(fd) != 0)) {
      const int error = errno;
      if (fd >= 0) ::close(fd);
      throw std::filesystem::filesystem_error("cannot append the token to", o->file,
                                              std::error_code(error, std::generic_category()));
    }
    ::close(fd);
    spdlog::info("token '{}' ({}) added to {}; it is printed once, on standard output", o->name,
                 scopes.to_string(), o->file);
    std::printf("%s\n", token.c_str());
    exit_code = 0;
  });
}

}  // namespace mobilecs::app
