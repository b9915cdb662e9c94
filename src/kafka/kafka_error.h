#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace mobilecs::kafka {

// A Kafka operation failed. The flags follow librdkafka's transactional API: a retriable error
// may succeed if repeated; an abortable one needs the transaction aborted and its work redone;
// a fatal one (e.g. this producer was fenced by a newer instance) ends the producer.
class KafkaError : public std::runtime_error {
 public:
  KafkaError(const std::string& what, bool retriable, bool abortable, bool fatal)
      : std::runtime_error(what), retriable_(retriable), abortable_(abortable), fatal_(fatal) {}

  // Takes ownership of `error`.
  static KafkaError from(std::string_view doing, RdKafka::Error* error) {
    std::unique_ptr<RdKafka::Error> owned(error);
    return KafkaError(std::string(doing) + ": " + owned->str(), owned->is_retriable(),
                      owned->txn_requires_abort(), owned->is_fatal());
  }
  static KafkaError from(std::string_view doing, RdKafka::ErrorCode code) {
    return KafkaError(std::string(doing) + ": " + RdKafka::err2str(code), false, false, false);
  }

  bool retriable() const { return retriable_; }
  bool abortable() const { return abortable_; }
  bool fatal() const { return fatal_; }

 private:
  bool retriable_;
  bool abortable_;
  bool fatal_;
};

}  // namespace mobilecs::kafka
