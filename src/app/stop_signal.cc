#include "app/stop_signal.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/stop.h"

namespace mobilecs::app {
namespace {

std::stop_source soft_stop;
std::stop_source hard_stop;
std::mutex reloads_mutex;
std::condition_variable reload_done;
std::uint64_t next_reload_id = 1;
std::vector<std::pair<std::uint64_t, std::function<void()>>> reloads;
std::uint64_t running_reload = 0;  // the one the signal thread is calling, if any
std::thread::id signal_thread;

// Calls every reload without holding the lock, so that one may end a registration (its owner
// destroyed by the reload) without deadlocking; a registration that ends on another thread waits
// for its call in progress.
void run_reloads() {
  std::vector<std::uint64_t> ids;
  {
    std::lock_guard lock(reloads_mutex);
    for (const auto& [id, reload] : reloads) ids.push_back(id);
  }
  for (const std::uint64_t id : ids) {
    std::function<void()> reload;
    {
      std::lock_guard lock(reloads_mutex);
      const auto it = std::find_if(reloads.begin(), reloads.end(),
                                   [id](const auto& r) { return r.first == id; });
      if (it == reloads.end()) continue;  // ended meanwhile
      reload = it->second;
      running_reload = id;
    }
    reload();
    {
      std::lock_guard lock(reloads_mutex);
      running_reload = 0;
    }
    reload_done.notify_all();
  }
}

void escalate() {
  runtime::sleep_for(hard_stop.get_token(), StopSignals::kGracePeriod);
  hard_stop.request_stop();
  std::this_thread::sleep_for(StopSignals::kShutdownBound - StopSignals::kGracePeriod);
  spdlog::error(
      "still not stopped {} s after the stop signal: exiting now (what was not committed is "
      "redone at the next start)",
      StopSignals::kShutdownBound.count());
  spdlog::default_logger()->flush();
  std::_Exit(3);
}

void take_signals(sigset_t signals) {
  {
    std::lock_guard lock(reloads_mutex);
    signal_thread = std::this_thread::get_id();
  }
  for (;;) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) continue;
    if (signal == SIGHUP) {
      spdlog::info("SIGHUP: reading certificates and keys again");
      run_reloads();
      continue;
    }
    if (!soft_stop.stop_requested()) {
      spdlog::info("{}: stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
      soft_stop.request_stop();
      std::thread(escalate).detach();
    } else {
      spdlog::warn("second stop signal: abandoning what is in progress");
      hard_stop.request_stop();
    }
  }
}

}  // namespace

void StopSignals::install() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread(take_signals, signals).detach();
}

std::stop_token StopSignals::soft() { return soft_stop.get_token(); }
std::stop_token StopSignals::hard() { return hard_stop.get_token(); }

StopSignals::Registration StopSignals::on_hangup(std::function<void()> reload) {
  std::lock_guard lock(reloads_mutex);
  reloads.emplace_back(next_reload_id, std::move(reload));
  return Registration(next_reload_id++);
}

StopSignals::Registration::~Registration() {
  if (id_ == 0) return;
  std::unique_lock lock(reloads_mutex);
  std::erase_if(reloads, [this](const auto& r) { return r.first == id_; });
  if (std::this_thread::get_id() != signal_thread) {
    reload_done.wait(lock, [this] { return running_reload != id_; });
  }
}

}  // namespace mobilecs::app
