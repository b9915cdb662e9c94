#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "app/commands.h"

namespace mobilecs::app {

namespace {

// The first line of a secret file (a Kubernetes or compose secret), without its line end.
std::string first_line_of(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error(fmt::format(
        "cannot read the Cassandra password from {} (check the path and its permissions)", path));
  }
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
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
      ->capture_default_str()
      ->group("Cassandra");
  command
      .add_option("--cassandra-consistency", config.consistency,
                  "Consistency level of reads and writes (ONE, QUORUM, LOCAL_QUORUM, ...)")
      ->capture_default_str()
      ->group("Cassandra");
  command
      .add_option("--cassandra-username", config.username,
                  "User of Cassandra's PasswordAuthenticator; its password comes from "
                  "CASSANDRA_PASSWORD or --cassandra-password-file, never the command line")
      ->envname("CASSANDRA_USERNAME")
      ->group("Cassandra");
  command
      .add_option_function<std::string>(
          "--cassandra-password-file",
          [&config](const std::string& path) { config.password = first_line_of(path); },
          "File holding the Cassandra password (its first line)")
      ->envname("CASSANDRA_PASSWORD_FILE")
      ->group("Cassandra");
  command
      .add_flag("--cassandra-tls", config.tls, "Talk TLS to Cassandra (client_encryption_options)")
      ->envname("CASSANDRA_TLS")
      ->group("Cassandra");
  command
      .add_option_function<std::string>(
          "--cassandra-tls-ca-file",
          [&config](const std::string& path) {
            config.tls_ca_file = path;
            config.tls = true;
          },
          "CA certificates (PEM) that signed the nodes' certificates; implies --cassandra-tls")
      ->envname("CASSANDRA_TLS_CA_FILE")
      ->check(CLI::ExistingFile)
      ->group("Cassandra");
  // From the environment, before the options: a password file given on the command line wins.
  if (const char* password = std::getenv("CASSANDRA_PASSWORD");
      password != nullptr && *password != '\0') {
    config.password = password;
  }
}

}  // namespace mobilecs::app
