#pragma once

// What the process logs, kept for a test to wait on: a component saying it failed and will
// retry is the observable moment to end an outage or to stop it, where a sleep would guess.
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mobilecs::testing {

// Attaches to one distributing sink that the default logger gets the first time (the logger's
// own sink list is not thread-safe; the distributing sink's is), so captures may come and go
// while other threads log.
class LogCapture {
 public:
  LogCapture() : sink_(std::make_shared<Sink>()) { hub().add_sink(sink_); }
  ~LogCapture() { hub().remove_sink(sink_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // How many messages logged so far contain `text`.
  std::size_t count(std::string_view text) const { return sink_->count(text); }

 private:
  class Sink final : public spdlog::sinks::base_sink<std::mutex> {
   public:
    std::size_t count(std::string_view text) {
      std::lock_guard lock(this->mutex_);
      return static_cast<std::size_t>(
          std::count_if(messages_.begin(), messages_.end(),
                        [&](const std::string& m) { return m.find(text) != std::string::npos; }));
    }

   protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
      messages_.emplace_back(msg.payload.data(), msg.payload.size());
    }
    void flush_() override {}

   private:
    std::vector<std::string> messages_;
  };

  // Added to the default logger once, by the first capture: before the test starts its threads.
  static spdlog::sinks::dist_sink_mt& hub() {
    static const std::shared_ptr<spdlog::sinks::dist_sink_mt> hub = [] {
      auto sink = std::make_shared<spdlog::sinks::dist_sink_mt>();
      spdlog::default_logger()->sinks().push_back(sink);
      return sink;
    }();
    return *hub;
  }

  std::shared_ptr<Sink> sink_;
};

}  // namespace mobilecs::testing
