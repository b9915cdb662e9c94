#include "kafka/kafka_error.h"

namespace mobilecs::kafka {

runtime::Recovery retry_while_unreachable(const std::exception& failure) {
  const auto* kafka = dynamic_cast<const KafkaError*>(&failure);
  return kafka != nullptr && !kafka->is_configuration() && !kafka->fatal()
             ? runtime::Recovery::kRetry
             : runtime::Recovery::kGiveUp;
}

}  // namespace mobilecs::kafka
