#include "kafka/client_config.h"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>

#include "kafka/kafka_error.h"

namespace mobilecs::kafka {
namespace {

// librdkafka's syslog levels as spdlog levels.
spdlog::level::level_enum level_of(int syslog_level) {
  if (syslog_level <= 3) return spdlog::level::err;
  if (syslog_level == 4) return spdlog::level::warn;
  if (syslog_level <= 6) return spdlog::level::info;
  return spdlog::level::debug;
}

void log_line(int level, std::string_view facility, std::string_view text) {
  spdlog::log(level_of(level), "librdkafka {}: {}", facility, text);
}

// For clients of the C++ API: its log lines and client-level errors (all brokers down, ...).
class LogRouter final : public RdKafka::EventCb {
 public:
  void event_cb(RdKafka::Event& event) override {
    switch (event.type()) {
      case RdKafka::Event::EVENT_LOG:
        log_line(event.severity(), event.fac(), event.str());
        break;
      case RdKafka::Event::EVENT_ERROR:
        if (event.err() == RdKafka::ERR__AUTHENTICATION) note_authentication_failure(event.str());
        // Also returned to the caller where it matters; the log says it as it happens.
        spdlog::log(event.fatal() ? spdlog::level::err : spdlog::level::debug, "librdkafka: {}",
                    event.str());
        break;
      default:
        break;
    }
  }
};

LogRouter log_router;

// A setting librdkafka refuses. Its value is shown only if it is known not to be a secret: a
// misspelt name (sasl.pasword) may well hold one.
KafkaError refused_setting(const std::string& name, const std::string& value,
                           std::string_view error) {
  const bool unknown = error.find("No such configuration property") != std::string_view::npos;
  return KafkaError::configuration(
      fmt::format("Kafka setting {}: {}",
                  unknown ? name + "=<not shown>" : printable_setting(name, value), error));
}

extern "C" void log_callback(const rd_kafka_t*, int level, const char* facility, const char* text) {
  log_line(level, facility, text);
}

extern "C" void error_callback(rd_kafka_t*, int err, const char* reason, void*) {
  if (err == RD_KAFKA_RESP_ERR__AUTHENTICATION) note_authentication_failure(reason);
}

}  // namespace

ClientConfig::ClientConfig(const KafkaConfig& config, std::string client_id) : config_(config) {
  required_.emplace_back("bootstrap.servers", config.bootstrap_servers);
  defaults_.emplace_back("client.id", std::move(client_id));
  // A broker restart is routine: reconnect quickly, and give up on requests rather than wait.
  defaults_.emplace_back("reconnect.backoff.max.ms", "1000");
  defaults_.emplace_back("socket.connection.setup.timeout.ms", "5000");
}

ClientConfig& ClientConfig::set(std::string name, std::string value) {
  defaults_.emplace_back(std::move(name), std::move(value));
  return *this;
}

ClientConfig& ClientConfig::require(std::string name, std::string value) {
  required_.emplace_back(std::move(name), std::move(value));
  return *this;
}

ClientConfig& ClientConfig::committed_reader(std::string group) {
  return require("group.id", std::move(group))
      .require("isolation.level", "read_committed")
      .require("enable.auto.commit", "false")
      // Once its queue is full (queued.min.messages, queued.max.messages.kbytes), librdkafka
      // fetches again only after this: its default of 1 s starved the ingester, which empties
      // a full queue in a fraction of that (docs/benchmarks.md).
      .set("fetch.queue.backoff.ms", "50");
}

std::vector<std::pair<std::string, std::string>> ClientConfig::settings() const {
  std::vector<std::pair<std::string, std::string>> all = defaults_;
  for (const auto& [name, value] : config_.client_settings) {
    const auto fixed = std::find_if(required_.begin(), required_.end(),
                                    [&](const auto& r) { return r.first == name; });
    if (fixed != required_.end() && fixed->second != value) {
      throw KafkaError::configuration(fmt::format(
          "Kafka setting {}: mobilecs sets {} itself ({}) and depends on it; remove this setting",
          printable_setting(name, value), name, fixed->second));
    }
    all.emplace_back(name, value);
  }
  all.insert(all.end(), required_.begin(), required_.end());
  return all;
}

std::unique_ptr<RdKafka::Conf> ClientConfig::build() const {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [name, value] : settings()) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      throw refused_setting(name, value, error);
    }
  }
  conf->set("event_cb", static_cast<RdKafka::EventCb*>(&log_router), error);
  return conf;
}

std::unique_ptr<RdKafka::KafkaConsumer> ClientConfig::create_consumer() const {
  const std::unique_ptr<RdKafka::Conf> conf = build();
  std::string error;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) throw KafkaError::configuration("cannot create a Kafka consumer: " + error);
  return consumer;
}

rd_kafka_conf_s* ClientConfig::build_c() const {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  for (const auto& [name, value] : settings()) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw refused_setting(name, value, error);
    }
  }
  rd_kafka_conf_set_log_cb(conf, log_callback);
  rd_kafka_conf_set_error_cb(conf, error_callback);
  return conf;
}

bool is_secret_setting(std::string_view name) {
  for (const std::string_view part :
       {"password", "secret", "jaas", "oauthbearer.config", ".key", "keystore", "token"}) {
    if (name.find(part) != std::string_view::npos) return true;
  }
  return false;
}

std::string printable_setting(std::string_view name, std::string_view value) {
  return fmt::format("{}={}", name, is_secret_setting(name) ? "<not shown>" : value);
}

std::vector<std::pair<std::string, std::string>> read_client_settings(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw KafkaError::configuration(fmt::format(
        "cannot read the Kafka client properties {} (check the path and its permissions)", path));
  }
  std::vector<std::pair<std::string, std::string>> settings;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto trim = [](std::string_view s) {
      while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
      }
      return s;
    };
    const std::string_view text = trim(line);
    if (text.empty() || text.front() == '#' || text.front() == '!') continue;
    const auto equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      throw KafkaError::configuration(
          fmt::format("{}:{}: expected key=value, e.g. sasl.username=importer", path, number));
    }
    settings.emplace_back(std::string(trim(text.substr(0, equals))),
                          std::string(trim(text.substr(equals + 1))));
  }
  return settings;
}

std::pair<std::string, std::string> parse_client_setting(std::string_view text) {
  const auto equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw KafkaError::configuration(
        fmt::format("-X {}: expected key=value, e.g. -X security.protocol=SASL_SSL", text));
  }
  return {std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

}  // namespace mobilecs::kafka
