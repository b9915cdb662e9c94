#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "runtime/retry.h"

namespace mobilecs::kafka {

// A Kafka operation failed. The flags follow librdkafka's: a retriable error may succeed if
// repeated; an abortable one needs the transaction aborted and its work redone; a fatal one
// (e.g. this producer was fenced by a newer instance) ends the client. `code` is librdkafka's
// error code (rd_kafka_resp_err_t), for classification.
class KafkaError : public std::runtime_error {
 public:
  struct Flags {
    bool retriable = false;
    bool abortable = false;
    bool fatal = false;
  };
  KafkaError(const std::string& what, int code, Flags flags)
      : std::runtime_error(what), code_(code), flags_(flags) {}
  // A mistake in what mobilecs was asked to do (a bad setting): trying again will not help.
  static KafkaError configuration(const std::string& what) {
    return KafkaError(what, kConfigurationError, Flags{});
  }

  int code() const { return code_; }
  bool retriable() const { return flags_.retriable; }
  bool abortable() const { return flags_.abortable; }
  bool fatal() const { return flags_.fatal; }
  bool is_configuration() const { return code_ == kConfigurationError; }

 private:
  static constexpr int kConfigurationError = -10'000;
  int code_;
  Flags flags_;
};

// For runtime::retry_with_mitigation around a call to a broker that may be away: a KafkaError
// the broker might not repeat is retried; a configuration mistake, or anything else, is not.
// A broker refusing this process's credentials before any broker ever answered it is a wrong
// password, not an outage: nothing is retried, it throws a configuration KafkaError saying so.
// Later refusals (a broker restarting before its credentials are loaded) are retried.
runtime::Recovery retry_while_unreachable(const std::exception& failure);

// A broker refused this process's credentials (librdkafka's error callback says so): retrying
// cannot help. `text` is librdkafka's, naming the broker.
void note_authentication_failure(std::string text);
// A broker answered a request of this process: its credentials are good.
void note_broker_answered();

}  // namespace mobilecs::kafka
