#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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
// ports, for tests that stop, kill and restart it. Stopped when it goes.
class PrivateStack {
 public:
  // `secure`: as STACK_SECURE=1 makes it (SASL_SSL and ACLs, passwords and TLS); the services
  // of one `dir` share its secrets.
  PrivateStack(std::filesystem::path dir, std::string service, bool secure = false)
      : dir_(std::move(dir)),
        service_(std::move(service)),
        secure_(secure),
        port_(free_port_pair()) {}
  ~PrivateStack() { run("down"); }
  PrivateStack(const PrivateStack&) = delete;
  PrivateStack& operator=(const PrivateStack&) = delete;

  // Each returns whether scripts/stack succeeded.
  bool up() { return run("up"); }
  bool down() { return run("down"); }
  bool kill() { return run("kill"); }

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  bool run(const std::string& command) {
    const std::string variable = service_ == "kafka" ? "KAFKA_PORT" : "CASSANDRA_PORT";
    const std::string line = std::string(secure_ ? "STACK_SECURE=1 " : "") +
                             "STACK_DIR=" + dir_.string() + " " + variable + "=" +
                             std::to_string(port_) + " KAFKA_HEAP=512m CASSANDRA_HEAP=1g " +
                             MOBILECS_SOURCE_DIR "/scripts/stack " + command + " " + service_ +
                             " >>" + (dir_ / "stack.log").string() + " 2>&1";
    std::filesystem::create_directories(dir_);
    return std::system(line.c_str()) == 0;
  }

  std::filesystem::path dir_;
  std::string service_;
  bool secure_;
  int port_;
};

}  // namespace mobilecs::testing
