#include "app/commands.h"

namespace mobilecs::app {

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
}

}  // namespace mobilecs::app
