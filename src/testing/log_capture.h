#pragma once

// What the process logs, kept for a test to wait on: a component saying it failed and will
// retry is the observable moment to end an outage or to stop it, where a sleep would guess.
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mobilecs::testing {

// Adds itself to the default logger's sinks while it lives. Create it before the threads that
// log start, and let it go after they end (the sink list itself is not thread-safe).
class LogCapture {
 public:
  LogCapture() : sink_(std::make_shared<Sink>()) {
    spdlog::default_logger()->sinks().push_back(sink_);
  }
  ~LogCapture() {
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
  }
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

  std::shared_ptr<Sink> sink_;
};

}  // namespace mobilecs::testing
