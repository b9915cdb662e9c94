#include <cstdlib>

#include "app/commands.h"

namespace mobilecs::app {
namespace {

// A CLI11 check from a function saying what is wrong with a value.
CLI::Validator problem_check(std::optional<std::string> (*problem)(const std::string&)) {
  return CLI::Validator([problem](std::string& value) { return problem(value).value_or(""); }, "");
}

}  // namespace

void add_cassandra_options(CLI::App& command, cassandra::CassandraConfig& config) {
  command.add_option("--cassandra-contact-points", config.contact_points, "host[:port],...")
      ->envname("CASSANDRA_CONTACT_POINT")
      ->capture_default_str()
      ->group("Cassandra");
  command.add_option("--cassandra-keyspace", config.keyspace, "Keyspace (created if missing)")
      ->envname("CASSANDRA_KEYSPACE")
      ->capture_default_str()
      ->group("Cassandra");
  command
      .add_option("--cassandra-replication", config.replication,
                  "Keyspace replication: simple:<factor> or network:<dc>=<factor>,...")
      ->check(problem_check(cassandra::replication_problem))
      ->capture_default_str()
      ->group("Cassandra");
  command
      .add_option("--cassandra-consistency", config.consistency,
                  "Consistency level of reads and writes (ONE, QUORUM, LOCAL_QUORUM, ...)")
      ->check(problem_check(cassandra::consistency_problem))
      ->capture_default_str()
      ->group("Cassandra");
  command
      .add_option("--cassandra-username", config.username,
                  "User of Cassandra's PasswordAuthenticator; its password comes from "
                  "CASSANDRA_PASSWORD or --cassandra-password-file, never the command line")
      ->envname("CASSANDRA_USERNAME")
      ->group("Cassandra");
  command
      .add_option("--cassandra-password-file", config.password_file,
                  "File holding the Cassandra password (its first line)")
      ->envname("CASSANDRA_PASSWORD_FILE")
      ->group("Cassandra");
  command
      .add_flag("--cassandra-tls", config.tls, "Talk TLS to Cassandra (client_encryption_options)")
      ->envname("CASSANDRA_TLS")
      ->group("Cassandra");
  command
      .add_option("--cassandra-tls-ca-file", config.tls_ca_file,
                  "CA certificates (PEM) that signed the nodes' certificates; implies "
                  "--cassandra-tls")
      ->envname("CASSANDRA_TLS_CA_FILE")
      ->check(CLI::ExistingFile)
      ->group("Cassandra");
  // From the environment only (a password file, if given, wins when connecting).
  if (const char* password = std::getenv("CASSANDRA_PASSWORD");
      password != nullptr && *password != '\0') {
    config.password = password;
  }
}

}  // namespace mobilecs::app
