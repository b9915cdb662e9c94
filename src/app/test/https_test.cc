// HTTPS on the API, checked as a client would: curl verifying the server against a test CA,
// plain HTTP sent to the TLS port, a renewed certificate picked up on SIGHUP.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "testing/eventually.h"
#include "testing/free_port.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace mobilecs::testing {
namespace {

const std::string kBinary = MOBILECS_BINARY;
constexpr const char* kToken = "https-test-token-0123456789";

// `command` through the shell; its standard output, and its exit code in `code`.
std::string shell(const std::string& command, int* code = nullptr) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  if (code != nullptr) *code = WEXITSTATUS(status);
  return out;
}

class HttpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string d = dir_.path().string();
    ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "
                           "'/CN=test CA' -addext basicConstraints=critical,CA:TRUE -keyout " +
                           d + "/ca.key -out " + d + "/ca.pem 2>/dev/null")
                              .c_str()),
              0);
    certificate("server");
  }

  // A server certificate for 127.0.0.1 signed by the test CA, as NAME.pem and NAME.key.
  void certificate(const std::string& name) {
    const std::string d = dir_.path().string();
    write_text(dir_ / "san.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    ASSERT_EQ(std::system(("openssl req -newkey rsa:2048 -nodes -sha256 -subj /CN=localhost "
                           "-keyout " +
                           d + "/" + name + ".key -out " + d + "/" + name +
                           ".csr 2>/dev/null && openssl x509 -req -in " + d + "/" + name +
                           ".csr -CA " + d + "/ca.pem -CAkey " + d +
                           "/ca.key -CAcreateserial -days 2 -sha256 -extfile " + d +
                           "/san.ext -out " + d + "/" + name + ".pem 2>/dev/null")
                              .c_str()),
              0);
  }

  // The serial number of the certificate the server presents now.
  std::string presented_serial() {
    return shell("openssl s_client -connect 127.0.0.1:" + std::to_string(port_) +
                 " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -serial");
  }

  std::string curl(const std::string& args, int* code = nullptr) {
    return shell("curl -sS --max-time 10 " + args + " 2>&1", code);
  }

  // `mobilecs run --http` on TLS with the test certificate, its access log on.
  Process start_server() {
    ::setenv("MOBILECS_API_TOKEN", kToken, 1);
    return Process({kBinary, "run", "--data-dir", (dir_ / "data").string(), "--http",
                    std::to_string(port_), "--tls-cert", (dir_ / "server.pem").string(),
                    "--tls-key", (dir_ / "server.key").string(), "--http-access-log"},
                   (dir_ / "run").string());
  }

  TempDir dir_;
  int port_ = free_port();
  const std::string base = "https://127.0.0.1:" + std::to_string(port_);
  const std::string ca = "--cacert " + (dir_ / "ca.pem").string();
};

TEST_F(HttpsTest, ServesVerifiableHttpsRefusesPlainHttpAndReloadsItsCertificateOnSighup) {
  Process server = start_server();
  ASSERT_TRUE(eventually([&] { return curl(ca + " " + base + "/health") == R"({"status":"UP"})"; }))
      << read_text(server.err_path());

  // Verified against the test CA, with the token.
  int code = 0;
  EXPECT_EQ(curl(ca + " -H 'Authorization: Bearer " + std::string(kToken) + "' " + base +
                 "/api/notifications"),
            "[]");
  // Without the CA, curl refuses the certificate (exit 60), as it should.
  curl(base + "/health", &code);
  EXPECT_EQ(code, 60);
  // TLS older than 1.2 is refused.
  shell("openssl s_client -tls1_1 -connect 127.0.0.1:" + std::to_string(port_) +
            " </dev/null >/dev/null 2>&1",
        &code);
  EXPECT_NE(code, 0);
  // Plain HTTP to the TLS port: a clear answer, not a hang or a garbled handshake.
  const std::string plain = curl("-i http://127.0.0.1:" + std::to_string(port_) + "/health");
  EXPECT_NE(plain.find("HTTP/1.1 400"), std::string::npos) << plain;
  EXPECT_NE(plain.find("this port speaks HTTPS only"), std::string::npos) << plain;

  // A renewed certificate, written over the old files, is taken on SIGHUP.
  const std::string before = presented_serial();
  ASSERT_NE(before.find("serial="), std::string::npos) << before;
  certificate("renewed");
  std::filesystem::rename(dir_ / "renewed.pem", dir_ / "server.pem");
  std::filesystem::rename(dir_ / "renewed.key", dir_ / "server.key");
  EXPECT_EQ(presented_serial(), before);  // not before it is told
  server.signal(SIGHUP);
  EXPECT_TRUE(eventually([&] { return presented_serial() != before; }));
  EXPECT_EQ(curl(ca + " " + base + "/health"), R"({"status":"UP"})");
  const std::string log = read_text(server.err_path());
  EXPECT_NE(log.find("certificate reloaded"), std::string::npos);
  // The access log says who asked what, and never the token.
  EXPECT_NE(log.find("access: GET /api/notifications 200 MOBILECS_API_TOKEN"), std::string::npos)
      << log;
  EXPECT_EQ(log.find(kToken), std::string::npos);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_for(std::chrono::seconds(10)), 0);
}

// The live stream over TLS: the connection is handed from the HTTP exchange to the event stream
// (the TLS stream moved), which answers with its headers and stays open; a stop with streams
// open ends them and the process at once.
TEST_F(HttpsTest, TheLiveStreamWorksOverTlsAndAStopWithStreamsOpenEndsCleanly) {
  Process server = start_server();
  ASSERT_TRUE(eventually([&] { return curl(ca + " " + base + "/health") == R"({"status":"UP"})"; }))
      << read_text(server.err_path());
  const std::string stream = ca + " -H 'Authorization: Bearer " + std::string(kToken) + "' " +
                             base + "/api/notifications/stream";
  // Headers, then nothing until curl gives up (28: timed out) with the stream still open.
  int code = 0;
  const std::string answer = shell("curl -sS -i -N --max-time 2 " + stream + " 2>/dev/null", &code);
  EXPECT_EQ(code, 28) << answer;
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  EXPECT_NE(answer.find("text/event-stream"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Strict-Transport-Security"), std::string::npos) << answer;
  // Three streams open when the stop comes.
  for (int i = 0; i < 3; ++i) {
    std::system(("curl -sS -N --max-time 30 " + stream + " >/dev/null 2>&1 &").c_str());
  }
  const auto streams_begun = [&] {
    const std::string log = read_text(server.err_path());
    std::size_t n = 0;
    for (auto at = log.find("GET /api/notifications/stream 200"); at != std::string::npos;
         at = log.find("GET /api/notifications/stream 200", at + 1)) {
      ++n;
    }
    return n;
  };
  ASSERT_TRUE(eventually([&] { return streams_begun() >= 4; })) << read_text(server.err_path());
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_for(std::chrono::seconds(10)), 0) << read_text(server.err_path());
}

}  // namespace
}  // namespace mobilecs::testing
