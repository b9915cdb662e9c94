#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

#include "testing/free_port.h"

namespace mobilecs::testing {

// True if nothing listens on loopback `port` right now.
inline bool port_is_free(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return free;
}

// A free port whose next one is free too (the servers listen on two). Below the kernel's range
// of ephemeral ports (32768 and up): a port from there may be taken by any outgoing connection
// between this choice and the server's start.
inline int free_port_pair() {
  std::random_device random;
  std::uniform_int_distribution<int> below_ephemeral(20'000, 32'000);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int port = below_ephemeral(random);
    if (port_is_free(port) && port_is_free(port + 1)) return port;
  }
  throw std::runtime_error("no two consecutive free ports");
}

// A Kafka broker or Cassandra node of the test's own (scripts/stack with STACK_DIR), on free
// ports, for tests that stop, kill and restart it; or a cluster of three such nodes, on
// 127.0.0.1, 127.0.0.2 and 127.0.0.3 (STACK_NODES=3). Stopped when it goes.
class PrivateStack {
 public:
  struct Options {
    // As STACK_SECURE=1 makes it (SASL_SSL and ACLs, passwords and TLS); the services of one
    // `dir` share its secrets.
    bool secure = false;
    int nodes = 1;  // or 3
  };
  PrivateStack(std::filesystem::path dir, std::string service, Options options)
      : dir_(std::move(dir)),
        service_(std::move(service)),
        options_(options),
        port_(free_port_pair()) {}
  PrivateStack(std::filesystem::path dir, std::string service, bool secure = false)
      : PrivateStack(std::move(dir), std::move(service), Options{.secure = secure}) {}
  ~PrivateStack() { run("down", service_); }
  PrivateStack(const PrivateStack&) = delete;
  PrivateStack& operator=(const PrivateStack&) = delete;

  // Each returns whether scripts/stack succeeded.
  bool up() { return run("up", service_); }
  bool down() { return run("down", service_); }
  bool kill() { return run("kill", service_); }
  // One node of a cluster (1 to 3): start it, stop it with SIGKILL, SIGSTOP and SIGCONT it.
  bool up(int node) { return run("up", node_name(node)); }
  bool kill(int node) { return run("kill", node_name(node)); }
  bool pause(int node) { return run("pause", node_name(node)); }
  bool resume(int node) { return run("resume", node_name(node)); }

  // The node id of Kafka's active controller; 0 if none answers.
  int controller() {
    const std::string line =
        "STACK_NODES=" + std::to_string(options_.nodes) + " STACK_DIR=" + dir_.string() +
        " KAFKA_PORT=" + std::to_string(port_) + " " +
        MOBILECS_SOURCE_DIR "/scripts/stack controller 2>>" + (dir_ / "stack.log").string();
    FILE* out = ::popen(line.c_str(), "r");
    if (out == nullptr) return 0;
    int id = 0;
    if (std::fscanf(out, "%d", &id) != 1) id = 0;
    ::pclose(out);
    return id;
  }

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Every node's address, comma-separated: bootstrap servers, contact points.
  std::string addresses() const {
    std::string list;
    for (int n = 1; n <= options_.nodes; ++n) {
      list += (n > 1 ? "," : "") + std::string("127.0.0.") + std::to_string(n) + ":" +
              std::to_string(port_);
    }
    return list;
  }

 private:
  std::string node_name(int node) const { return service_ + "-" + std::to_string(node); }

  bool run(const std::string& command, const std::string& service) {
    const std::string variable = service_ == "kafka" ? "KAFKA_PORT" : "CASSANDRA_PORT";
    const std::string line = std::string(options_.secure ? "STACK_SECURE=1 " : "") +
                             "STACK_NODES=" + std::to_string(options_.nodes) +
                             " STACK_DIR=" + dir_.string() + " " + variable + "=" +
                             std::to_string(port_) +
                             (options_.nodes == 1 ? " KAFKA_HEAP=512m CASSANDRA_HEAP=1g " : " ") +
                             MOBILECS_SOURCE_DIR "/scripts/stack " + command + " " + service +
                             " >>" + (dir_ / "stack.log").string() + " 2>&1";
    std::filesystem::create_directories(dir_);
    return std::system(line.c_str()) == 0;
  }

  std::filesystem::path dir_;
  std::string service_;
  Options options_;
  int port_;
};

}  // namespace mobilecs::testing
