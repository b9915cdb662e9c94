// The distributed roles as production runs them: Kafka over SASL_SSL (SCRAM-SHA-512) with ACLs
// giving each role only its topics, group and transactional ids, Cassandra with passwords and
// TLS only (scripts/stack with STACK_SECURE=1, servers of the test's own). Every credential
// comes from a file or the environment; none may show in a log.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "app/test/distributed_support.h"
#include "kafka/client_config.h"
#include "testing/private_stack.h"

namespace mobilecs::testing {
namespace {

namespace fs = std::filesystem;

class SecureStackTest : public DistributedTest {
 protected:
  void SetUp() override {
    DistributedTest::SetUp();
    ASSERT_TRUE(kafka_node_.up()) << read_text(dir_ / "stack" / "stack.log");
    ASSERT_TRUE(cassandra_node_.up()) << read_text(dir_ / "stack" / "stack.log");
    // The servers are the test's own: topics without a prefix, as the ACLs name them.
    kafka_.prefix = "";
    kafka_.bootstrap_servers = kafka_node_.address();
    kafka_.client_settings = kafka::read_client_settings(secret("kafka-admin.properties"));
    // Whatever a role is not given credentials for runs as the administrator (publish_inputs).
    ::setenv("MOBILECS_KAFKA_CONFIG_FILE", secret("kafka-admin.properties").c_str(), 1);
  }
  void TearDown() override {}  // the servers go with the test, and their topics with them

  std::string secret(const std::string& name) const {
    return (dir_ / "stack" / "secrets" / name).string();
  }
  // A role's credentials: its Kafka user, and Cassandra's role `mobilecs` over TLS.
  std::vector<std::string> as(const std::string& user, std::vector<std::string> args) {
    args.insert(args.end(), {"--kafka-config-file", secret("kafka-" + user + ".properties")});
    if (args[0] == "ingester" || args[0] == "backend" || args[0] == "init") {
      args.insert(args.end(), {"--cassandra-contact-points", cassandra_node_.address(),
                               "--cassandra-keyspace", "secure", "--cassandra-username", "mobilecs",
                               "--cassandra-password-file", secret("cassandra-mobilecs.password"),
                               "--cassandra-tls-ca-file", secret("ca.pem")});
    }
    return role(args);
  }

  // Every log line of the run, the roles' and the servers' own.
  std::string all_logs() const {
    std::string text;
    for (const auto& entry : fs::recursive_directory_iterator(dir_.path())) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() &&
          (name.ends_with(".err") || name.ends_with(".out") || name.ends_with(".log"))) {
        text += read_text(entry.path());
      }
    }
    return text;
  }

  PrivateStack kafka_node_{dir_ / "stack", "kafka", true};
  PrivateStack cassandra_node_{dir_ / "stack", "cassandra", true};
};

TEST_F(SecureStackTest, TheReferenceJourneyRunsOnSaslSslWithAclsAndAnAuthenticatingTlsCassandra) {
  using namespace std::chrono_literals;
  store_args_ = {"--store", "cassandra"};
  const auto expected = sorted(embedded_notifications(1, 1, 1));
  ASSERT_EQ(expected.size(), 2u);

  // The administrator creates the topics and the keyspace; the roles may not.
  Result init = run(as("admin", {"init"}), (dir_ / "init").string());
  ASSERT_EQ(init.exit_code, 0) << init.err;
  publish_inputs(1, 1, 1);  // agreements published as the administrator
  Result imported = run(as("importer", {"importer", "--until-idle", "--dir", incoming().string()}),
                        (dir_ / "importer").string());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  Result ingested =
      run(as("ingester", {"ingester", "--until-idle", "--idle-timeout-ms", "1000", "--instance-id",
                          "1", "--state-dir", (dir_ / "state").string(), "--store", "cassandra"}),
          (dir_ / "ingester").string());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  const auto messages = sorted(await_notifications(2, 60s));
  EXPECT_TRUE(messages == expected) << difference(messages, expected);

  // Each role sees only its own topics.
  const Result listed =
      run(as("importer", {"topics", "list"}), (dir_ / "topics-as-importer").string());
  EXPECT_NE(listed.out.find("incoming-data-records"), std::string::npos)
      << listed.out << listed.err;
  EXPECT_EQ(listed.out.find("data-records-aggregates"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("agreements\n"), std::string::npos) << listed.out;

  // The backend reads the records from the authenticating Cassandra.
  const int port = free_port();
  ::setenv("MOBILECS_API_TOKEN", kRoleToken, 1);
  Process backend(
      as("backend", {"backend", "--port", std::to_string(port), "--http-host", "127.0.0.1"}),
      (dir_ / "backend").string());
  httplib::Client http("127.0.0.1", port);
  http.set_bearer_token_auth(kRoleToken);
  std::string total;
  eventually(
      [&] {
        const auto res = http.Get(
            "/api/data-records/0b12c601-9287-3f5c-a78c-df508fe0f889/2020/1/total-data-used");
        if (res && res->status == 200) total = res->body;
        return !total.empty();
      },
      60s);
  EXPECT_EQ(total, "13559994361 B\n13242182 KB\n12932 MB\n13 GB") << read_text(backend.err_path());
  backend.signal(SIGTERM);
  EXPECT_EQ(backend.wait_for(10s), 0);

  // No password, key or token in any log line of the run.
  const std::string logs = all_logs();
  for (const char* name :
       {"kafka-admin.password", "kafka-importer.password", "kafka-ingester.password",
        "kafka-backend.password", "cassandra-mobilecs.password", "cassandra-admin.password"}) {
    std::string password = read_text(secret(name));
    password.erase(password.find_last_not_of("\n") + 1);
    ASSERT_FALSE(password.empty());
    EXPECT_EQ(logs.find(password), std::string::npos) << name << " is in a log";
  }
  EXPECT_EQ(logs.find(kRoleToken), std::string::npos);
  EXPECT_EQ(logs.find("PRIVATE KEY"), std::string::npos);
}

TEST_F(SecureStackTest, AWrongPasswordFailsFastSayingWhichServerRefusedIt) {
  using namespace std::chrono_literals;
  write_text(
      dir_ / "wrong.properties",
      std::regex_replace(read_text(secret("kafka-importer.properties")),
                         std::regex("sasl.password=.*"), "sasl.password=not-the-password-at-all"));
  std::vector<std::string> importer =
      role({"importer", "--until-idle", "--dir", incoming().string(), "--kafka-config-file",
            (dir_ / "wrong.properties").string()});
  const auto started = std::chrono::steady_clock::now();
  Result refused = run(importer, (dir_ / "wrong-kafka").string());
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 20s);
  EXPECT_NE(refused.err.find("sasl_ssl://" + kafka_node_.address()), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("invalid credentials"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("not-the-password-at-all"), std::string::npos) << refused.err;

  ::setenv("CASSANDRA_PASSWORD", "not-the-password-either", 1);
  std::vector<std::string> ingester =
      role({"ingester", "--until-idle", "--state-dir", (dir_ / "state").string(), "--store",
            "cassandra", "--kafka-config-file", secret("kafka-ingester.properties"),
            "--cassandra-contact-points", cassandra_node_.address(), "--cassandra-username",
            "mobilecs", "--cassandra-tls-ca-file", secret("ca.pem")});
  const auto started_ingester = std::chrono::steady_clock::now();
  refused = run(ingester, (dir_ / "wrong-cassandra").string());
  ::unsetenv("CASSANDRA_PASSWORD");
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started_ingester, 20s);
  EXPECT_NE(refused.err.find("Cassandra at " + cassandra_node_.address() +
                             " refused the credentials of user 'mobilecs'"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(refused.err.find("not-the-password-either"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace mobilecs::testing
