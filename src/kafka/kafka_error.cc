#include "kafka/kafka_error.h"

#include <mutex>
#include <optional>

namespace mobilecs::kafka {
namespace {

std::mutex refused_mutex;
std::optional<std::string> refused;  // the last refusal of this process's credentials
bool answered = false;               // a broker has answered this process

}  // namespace

void note_authentication_failure(std::string text) {
  std::lock_guard lock(refused_mutex);
  refused = std::move(text);
}

void note_broker_answered() {
  std::lock_guard lock(refused_mutex);
  answered = true;
}

runtime::Recovery retry_while_unreachable(const std::exception& failure) {
  {
    std::lock_guard lock(refused_mutex);
    if (refused && !answered) {
      throw KafkaError::configuration(
          *refused +
          " (check sasl.username and sasl.password: --kafka-config-file, "
          "MOBILECS_KAFKA_SASL_PASSWORD or --kafka-sasl-password-file)");
    }
  }
  const auto* kafka = dynamic_cast<const KafkaError*>(&failure);
  return kafka != nullptr && !kafka->is_configuration() && !kafka->fatal()
             ? runtime::Recovery::kRetry
             : runtime::Recovery::kGiveUp;
}

}  // namespace mobilecs::kafka
