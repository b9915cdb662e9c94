#include "kafka/topic_admin.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "kafka/admin_handle.h"
#include "kafka/kafka_error.h"
#include "kafka/topic_replication.h"

namespace mobilecs::kafka {
namespace {

// Short, so that a caller retrying while the broker is away notices a stop request in time.
constexpr int kTimeoutMs = 3'000;
constexpr const char* kAnyTime = "9223372036854775807";

KafkaError unreachable(const std::string& what) {
  return KafkaError(what, RD_KAFKA_RESP_ERR__TRANSPORT, KafkaError::Flags{.retriable = true});
}

// The brokers the cluster reports as registered.
int broker_count(rd_kafka_t* rk, const KafkaConfig& config) {
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, nullptr, &metadata, kTimeoutMs);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw unreachable(fmt::format("cannot read the brokers of {}: {} (is Kafka up?)",
                                  config.bootstrap_servers, rd_kafka_err2str(err)));
  }
  const int count = metadata->broker_cnt;
  rd_kafka_metadata_destroy(metadata);
  return count;
}

}  // namespace

std::vector<TopicSpec> mobilecs_topics(const KafkaConfig& config) {
  return {
      {config.name(topic::kAgreements), config.partitions, false, true},
      {config.name(topic::kIncomingDataRecords), config.partitions, false, true},
      {config.name(topic::kDataRecordsAggregates), config.partitions, false, true},
      {config.name(topic::kLateDataRecords), config.partitions, false, true},
      {config.name(topic::kDataUsageAlerts), config.partitions, false, true},
      {config.name(topic::kIngesterChangelog), config.partitions, true, false},
      {config.name(topic::kImportProgress), 1, true, false},
      {config.name(topic::kAudit), config.partitions, false, false},
  };
}

int partition_count(const KafkaConfig& config, const std::string& topic) {
  return topic_layout(config, topic).partitions;
}

namespace {

// Each client asked about the cluster once and destroyed again: librdkafka's destroy now and
// then waits out a broker thread's 1 s poll (confluentinc/librdkafka#1690), so a role starting
// up asks everything on one client (docs/benchmarks.md).
TopicLayout layout_of(rd_kafka_t* rk, const KafkaConfig& config, const std::string& topic) {
  rd_kafka_topic_t* handle = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, handle, &metadata, kTimeoutMs);
  rd_kafka_topic_destroy(handle);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw unreachable(fmt::format("cannot read the metadata of topic {} from {}: {} (is Kafka up?)",
                                  topic, config.bootstrap_servers, rd_kafka_err2str(err)));
  }
  TopicLayout layout;
  if (metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const rd_kafka_metadata_topic_t& t = metadata->topics[0];
    layout.partitions = t.partition_cnt;
    if (t.partition_cnt > 0) layout.replicas = t.partitions[0].replica_cnt;
    for (int i = 0; i < t.partition_cnt; ++i) {
      if (t.partitions[i].leader < 0 || t.partitions[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++layout.without_leader;
      }
    }
  }
  rd_kafka_metadata_destroy(metadata);
  return layout;
}

// The controller has the topics; the broker's metadata, and on a cluster each partition's
// leader, follow a moment later. A transaction that writes to a partition without a leader yet
// can time out, so a role waits for leaders too; but a leader lost to a broker down for good is
// the cluster's to elect, and must not keep a role from starting.
void await_leaders_on(rd_kafka_t* rk, const KafkaConfig& config,
                      const std::vector<std::string>& topics) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
  for (const std::string& topic : topics) {
    for (TopicLayout layout = layout_of(rk, config, topic);
         layout.partitions == 0 || layout.without_leader > 0;
         layout = layout_of(rk, config, topic)) {
      if (std::chrono::steady_clock::now() > deadline) {
        if (layout.partitions == 0) {
          throw unreachable("topic " + topic + " was created but does not show up");
        }
        spdlog::warn("topic {}: {} of {} partitions have no leader yet; going on", topic,
                     layout.without_leader, layout.partitions);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace

TopicLayout topic_layout(const KafkaConfig& config, const std::string& topic) {
  return layout_of(admin_handle(config).get(), config, topic);
}

std::vector<std::string> list_topics(const KafkaConfig& config, const std::string& prefix) {
  AdminHandle rk = admin_handle(config);
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(rk.get(), 1, nullptr, &metadata, kTimeoutMs);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw unreachable(fmt::format("cannot list the topics of {}: {}", config.bootstrap_servers,
                                  rd_kafka_err2str(err)));
  }
  std::vector<std::string> names;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const std::string name = metadata->topics[i].topic;
    if (name.starts_with(prefix)) names.push_back(name);
  }
  rd_kafka_metadata_destroy(metadata);
  return names;
}

void delete_topics(const KafkaConfig& config, const std::vector<std::string>& topics) {
  if (topics.empty()) return;
  AdminHandle rk = admin_handle(config);
  std::vector<rd_kafka_DeleteTopic_t*> deletions;
  for (const std::string& name : topics)
    deletions.push_back(rd_kafka_DeleteTopic_new(name.c_str()));
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk.get());
  rd_kafka_DeleteTopics(rk.get(), deletions.data(), deletions.size(), nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, kTimeoutMs + 5000);
  std::string failure;
  if (event == nullptr) {
    failure = fmt::format("no answer from {}", config.bootstrap_servers);
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    failure = rd_kafka_event_error_string(event);
  } else {
    std::size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count);
    for (std::size_t i = 0; i < count; ++i) {
      const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
        failure += fmt::format("{}{}: {}", failure.empty() ? "" : "; ",
                               rd_kafka_topic_result_name(results[i]),
                               rd_kafka_topic_result_error_string(results[i]));
      }
    }
  }
  if (event != nullptr) rd_kafka_event_destroy(event);
  rd_kafka_queue_destroy(queue);
  rd_kafka_DeleteTopic_destroy_array(deletions.data(), deletions.size());
  if (!failure.empty()) throw unreachable("cannot delete topics: " + failure);
}

void ensure_topics(const KafkaConfig& config, const std::vector<TopicSpec>& topics) {
  AdminHandle rk = admin_handle(config);
  const int brokers = broker_count(rk.get(), config);
  const TopicReplication replication =
      choose_replication(config.replication_factor, config.min_insync_replicas, brokers);
  if (auto problem = replication_problem(replication)) throw KafkaError::configuration(*problem);
  char error[512];
  std::vector<rd_kafka_NewTopic_t*> new_topics;
  for (const TopicSpec& spec : topics) {
    rd_kafka_NewTopic_t* t = rd_kafka_NewTopic_new(spec.name.c_str(), spec.partitions,
                                                   replication.factor, error, sizeof error);
    if (t == nullptr) {
      throw KafkaError::configuration(fmt::format("topic {}: {}", spec.name, error));
    }
    const std::string min_insync = std::to_string(replication.min_insync);
    rd_kafka_NewTopic_set_config(t, "min.insync.replicas", min_insync.c_str());
    if (spec.compacted) {
      rd_kafka_NewTopic_set_config(t, "cleanup.policy", "compact");
    } else {
      rd_kafka_NewTopic_set_config(t, "retention.ms", "-1");
    }
    if (spec.event_time) {
      // Kafka 4 refuses timestamps more than an hour ahead of the broker's clock by default;
      // event time may be anywhere (a file of next year's test data, a clock off by a day).
      rd_kafka_NewTopic_set_config(t, "message.timestamp.after.max.ms", kAnyTime);
      rd_kafka_NewTopic_set_config(t, "message.timestamp.before.max.ms", kAnyTime);
    }
    new_topics.push_back(t);
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk.get());
  rd_kafka_AdminOptions_t* options =
      rd_kafka_AdminOptions_new(rk.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_operation_timeout(options, kTimeoutMs, error, sizeof error);
  rd_kafka_CreateTopics(rk.get(), new_topics.data(), new_topics.size(), options, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, kTimeoutMs + 5000);
  std::string failure;
  std::set<std::string> not_ours;  // the credential may not create them (Kafka ACLs)
  int created = 0;
  if (event == nullptr) {
    failure = fmt::format("no answer from {} (is Kafka up?)", config.bootstrap_servers);
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    failure = rd_kafka_event_error_string(event);
  } else {
    std::size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
    for (std::size_t i = 0; i < count; ++i) {
      const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) ++created;
      if (err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
          err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED) {
        not_ours.insert(rd_kafka_topic_result_name(results[i]));
      } else if (err != RD_KAFKA_RESP_ERR_NO_ERROR &&
                 err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        failure += fmt::format("{}{}: {}", failure.empty() ? "" : "; ",
                               rd_kafka_topic_result_name(results[i]),
                               rd_kafka_topic_result_error_string(results[i]));
      }
    }
  }
  if (event != nullptr) rd_kafka_event_destroy(event);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy_array(new_topics.data(), new_topics.size());
  if (!failure.empty()) {
    throw unreachable("cannot create topics: " + failure);
  }
  if (created > 0 && config.replication_factor == 0 && brokers == 2) {  // one of three away?
    spdlog::warn(
        "created {} topic(s) with {} replica(s), as many as the cluster has brokers running ({}): "
        "if brokers are only away, delete them and give --replication-factor 3",
        created, replication.factor, brokers);
  }
  if (!not_ours.empty()) {
    // A role's credential may only use its own topics: `mobilecs init`, run with an
    // administrator's, creates them all (docs/security.md).
    spdlog::info(
        "{} topic(s) are not this credential's to create ({}); `mobilecs init` creates them",
        not_ours.size(), fmt::join(not_ours, ", "));
  }
  note_broker_answered();
  std::vector<std::string> names;
  for (const TopicSpec& spec : topics) {
    if (!not_ours.contains(spec.name)) names.push_back(spec.name);
  }
  await_leaders_on(rk.get(), config, names);
}

void await_leaders(const KafkaConfig& config, const std::vector<std::string>& topics) {
  await_leaders_on(admin_handle(config).get(), config, topics);
}

std::optional<std::string> topic_setting(const KafkaConfig& config, const std::string& topic,
                                         const std::string& name) {
  AdminHandle rk = admin_handle(config);
  rd_kafka_ConfigResource_t* resource =
      rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk.get());
  rd_kafka_DescribeConfigs(rk.get(), &resource, 1, nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, kTimeoutMs);
  rd_kafka_ConfigResource_destroy(resource);
  rd_kafka_queue_destroy(queue);
  if (event == nullptr) {
    throw unreachable(fmt::format("describing topic {}: no answer from {} (is Kafka up?)", topic,
                                  config.bootstrap_servers));
  }
  std::optional<std::string> value;
  std::size_t count = 0;
  const rd_kafka_ConfigResource_t** resources = rd_kafka_DescribeConfigs_result_resources(
      rd_kafka_event_DescribeConfigs_result(event), &count);
  std::size_t entries = 0;
  const rd_kafka_ConfigEntry_t** settings =
      count == 1 ? rd_kafka_ConfigResource_configs(resources[0], &entries) : nullptr;
  for (std::size_t i = 0; i < entries; ++i) {
    const char* found = rd_kafka_ConfigEntry_value(settings[i]);
    if (name == rd_kafka_ConfigEntry_name(settings[i]) && found != nullptr) value = found;
  }
  rd_kafka_event_destroy(event);
  return value;
}

}  // namespace mobilecs::kafka
