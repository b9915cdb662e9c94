#pragma once

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "auth/api_tokens.h"
#include "cassandra/cassandra_data_record_store.h"
#include "core/codec/agreement_json.h"
#include "testing/eventually.h"
#include "testing/free_port.h"
#include "testing/identity_provider.h"
#include "testing/kafka_topics.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace mobilecs::testing {

// The token every test backend accepts with every scope (MOBILECS_API_TOKEN).
inline constexpr const char* kAdminToken = "test-admin-token-0123456789";

// A running `mobilecs` serving the HTTP API over a real store, for tests to call over HTTP. It
// takes kAdminToken, a read-only API token (reader_token()), and JWTs of identity_provider().
class ApiBackend {
 public:
  virtual ~ApiBackend() = default;

  // Makes an agreement known to the store, as the pipeline would (for upserts).
  virtual void add_agreement(const core::Agreement& agreement) = 0;
  virtual std::string name() const = 0;

  int port() const { return port_; }
  // A client sending `token` (kAdminToken by default; empty: none).
  httplib::Client client(const std::string& token = kAdminToken) const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    if (!token.empty()) c.set_bearer_token_auth(token);
    return c;
  }
  static const std::string& reader_token() {
    static const std::string token = auth::new_api_token();
    return token;
  }
  const IdentityProvider& identity_provider() const { return idp_; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  // The process's log, for failure messages.
  std::string log() const { return read_text(process_->err_path()); }

  // The first 200 from /ready, or the last answer after 30 s. A store connects on first use, and a
  // keyspace just created can keep Cassandra's first read past the probe's budget on a busy
  // machine.
  httplib::Result ready() const {
    std::optional<httplib::Result> res;
    eventually(
        [&] {
          res.emplace(client().Get("/ready"));
          return *res && (*res)->status == 200;
        },
        std::chrono::seconds(30));
    return std::move(*res);
  }

 protected:
  void start(std::vector<std::string> args) {
    port_ = free_port();
    ::setenv("MOBILECS_API_TOKEN", kAdminToken, 1);
    write_text(dir_ / "jwks.json", idp_.jwks());
    write_text(dir_ / "tokens", auth::token_file_line("reader", reader_token(),
                                                      auth::Scopes::parse_list("usage:read")) +
                                    "\n");
    args.insert(args.end(),
                {"--cors-origin", "http://localhost:3000", "--max-body-bytes", "4096",
                 "--jwks-file", (dir_ / "jwks.json").string(), "--jwt-issuer",
                 IdentityProvider::kIssuer, "--api-tokens-file", (dir_ / "tokens").string()});
    for (auto& a : args) {
      if (a == "PORT") a = std::to_string(port_);
    }
    process_ = std::make_unique<Process>(args, (dir_ / "backend").string());
    bool exited = false;
    const bool up = eventually(
        [&] {
          if (auto res = client().Get("/health"); res && res->status == 200) return true;
          exited = !process_->running() || process_->wait_for(std::chrono::milliseconds(0)) >= 0;
          return exited;
        },
        std::chrono::seconds(30));
    if (!up || exited) throw std::runtime_error("the backend did not start: " + log());
  }

  TempDir dir_;
  IdentityProvider idp_;
  std::unique_ptr<Process> process_;
  int port_ = 0;
};

// `mobilecs run --http` over the embedded store in a fresh data folder.
class EmbeddedBackend final : public ApiBackend {
 public:
  EmbeddedBackend() {
    start({MOBILECS_BINARY, "run", "--data-dir", (dir_ / "data").string(), "--http", "PORT",
           "--http-host", "127.0.0.1"});
  }
  std::string name() const override { return "embedded"; }

  void add_agreement(const core::Agreement& agreement) override {
    const auto folder = dir_ / "data" / "agreements";
    const auto file = folder / ("agreement_" + agreement.id.to_string() + ".jsonl");
    write_text(folder / ("tmp_" + agreement.id.to_string()),
               core::agreement_to_json(agreement) + "\n");
    std::filesystem::rename(folder / ("tmp_" + agreement.id.to_string()), file);
    // Known to the store once the pipeline's metrics count it: they move on commit.
    const std::string counted =
        "mobilecs_agreements_imported_total " + std::to_string(++agreements_) + "\n";
    if (!eventually(
            [&] { return client().Get("/metrics")->body.find(counted) != std::string::npos; })) {
      throw std::runtime_error("the pipeline did not import " + file.string() + ": " + log());
    }
  }

 private:
  int agreements_ = 0;
};

// `mobilecs backend` over the real Cassandra (and Kafka, for agreements) of scripts/stack.
class CassandraBackend final : public ApiBackend {
 public:
  // `extra`: more arguments for `mobilecs backend`.
  explicit CassandraBackend(std::vector<std::string> extra = {}) : extra_(std::move(extra)) {
    config_.keyspace = "test_http_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++);
    if (const char* contact = std::getenv("CASSANDRA_CONTACT_POINT")) {
      config_.contact_points = contact;
    }
    std::vector<std::string> args{MOBILECS_BINARY,
                                  "backend",
                                  "--port",
                                  "PORT",
                                  "--http-host",
                                  "127.0.0.1",
                                  "--cassandra-keyspace",
                                  config_.keyspace,
                                  "--cassandra-contact-points",
                                  config_.contact_points,
                                  "--topic-prefix",
                                  config_.keyspace + "-",
                                  "--incoming-dir",
                                  (dir_ / "incoming").string(),
                                  "--enable-generators"};
    args.insert(args.end(), extra_.begin(), extra_.end());
    start(args);
  }
  // The topics and keyspace the backend made go with it: left behind, they pile up run after
  // run, and a broker with thousands of partitions takes minutes to start. It makes its topics
  // in the background: stopped before it is ready, it may leave some coming.
  ~CassandraBackend() override {
    const bool ours =
        std::find(extra_.begin(), extra_.end(), "--bootstrap-servers") == extra_.end();
    if (ours) ready();
    process_.reset();
    try {
      const kafka::KafkaConfig kafka = test_kafka("unused");
      if (ours) kafka::delete_topics(kafka, kafka::list_topics(kafka, config_.keyspace + "-"));
      cassandra::CassandraDataRecordStore(config_).drop_keyspace();
    } catch (const std::exception& e) {
      std::cerr << "could not delete the backend's topics and keyspace: " << e.what() << "\n";
    }
  }
  std::string name() const override { return "cassandra"; }

  void add_agreement(const core::Agreement& agreement) override {
    cassandra::CassandraDataRecordStore store(config_);
    store.write_agreements(std::span(&agreement, 1));
  }

 private:
  std::vector<std::string> extra_;
  cassandra::CassandraConfig config_;
  static inline std::atomic<int> counter_{0};
};

}  // namespace mobilecs::testing
