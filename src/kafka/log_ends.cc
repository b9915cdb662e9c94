#include "kafka/log_ends.h"

#include <librdkafka/rdkafka.h>

namespace mobilecs::kafka {

std::optional<std::vector<std::pair<TopicPartition, Offset>>> uncommitted_log_ends(
    rd_kafka_t* client, const std::vector<TopicPartition>& partitions,
    std::chrono::milliseconds timeout) {
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
  for (const TopicPartition& tp : partitions) {
    rd_kafka_topic_partition_list_add(list, tp.topic.c_str(), tp.partition.value)->offset =
        RD_KAFKA_OFFSET_SPEC_LATEST;
  }
  char error[256];
  rd_kafka_AdminOptions_t* options =
      rd_kafka_AdminOptions_new(client, RD_KAFKA_ADMIN_OP_LISTOFFSETS);
  rd_kafka_AdminOptions_set_request_timeout(options, static_cast<int>(timeout.count()), error,
                                            sizeof error);
  rd_kafka_error_t* isolation =
      rd_kafka_AdminOptions_set_isolation_level(options, RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED);
  if (isolation != nullptr) rd_kafka_error_destroy(isolation);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(client);
  rd_kafka_ListOffsets(client, list, options, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, static_cast<int>(timeout.count()) + 500);
  std::optional<std::vector<std::pair<TopicPartition, Offset>>> ends;
  if (event != nullptr && rd_kafka_event_error(event) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ends.emplace();
    std::size_t count = 0;
    const rd_kafka_ListOffsetsResultInfo_t** infos =
        rd_kafka_ListOffsets_result_infos(rd_kafka_event_ListOffsets_result(event), &count);
    for (std::size_t i = 0; i < count; ++i) {
      const rd_kafka_topic_partition_t* tp =
          rd_kafka_ListOffsetsResultInfo_topic_partition(infos[i]);
      if (tp->err == RD_KAFKA_RESP_ERR_NO_ERROR && tp->offset >= 0) {
        ends->emplace_back(TopicPartition{tp->topic, PartitionId{tp->partition}},
                           Offset{tp->offset});
      }
    }
  }
  if (event != nullptr) rd_kafka_event_destroy(event);
  rd_kafka_queue_destroy(queue);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_topic_partition_list_destroy(list);
  return ends;
}

}  // namespace mobilecs::kafka
