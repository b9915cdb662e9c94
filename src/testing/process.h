#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "testing/temp_dir.h"

extern char** environ;

namespace mobilecs::testing {

// A child process of the test, with its stdout and stderr captured to files.
class Process {
 public:
  explicit Process(std::vector<std::string> args, const std::string& output_prefix = "") {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    out_path_ = output_prefix.empty() ? "/dev/null" : output_prefix + ".out";
    err_path_ = output_prefix.empty() ? "/dev/null" : output_prefix + ".err";
    posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("cannot start " + args[0]);
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  void signal(int sig) { ::kill(pid_, sig); }

  // The exit code, or 128 + signal.
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  // Waits up to `timeout`; nullopt-like -1 if still running.
  int wait_for(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return -1;
  }
  bool running() const { return pid_ > 0; }
  const std::string& out_path() const { return out_path_; }
  const std::string& err_path() const { return err_path_; }

 private:
  pid_t pid_ = -1;
  std::string out_path_;
  std::string err_path_;
};

struct Result {
  int exit_code;
  std::string out;
  std::string err;
};

// Runs `args` to completion.
inline Result run(std::vector<std::string> args, const std::string& output_prefix) {
  Process p(std::move(args), output_prefix);
  const int code = p.wait();
  return Result{code, read_text(output_prefix + ".out"), read_text(output_prefix + ".err")};
}

}  // namespace mobilecs::testing
