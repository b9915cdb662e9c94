// The HTTP server itself, over real sockets: routing and the errors it decides, deadlines, the
// connection bound, cancellation, half-closed clients and event streams.
#include "http/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/resource.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "http/event_stream.h"
#include "http/test/raw_client.h"
#include "testing/eventually.h"

namespace mobilecs::http {
namespace {

using namespace std::chrono_literals;
using mobilecs::testing::eventually;
using testing::RawConnection;

std::size_t threads_of_this_process() {
  return static_cast<std::size_t>(
      std::distance(std::filesystem::directory_iterator("/proc/self/task"),
                    std::filesystem::directory_iterator()));
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;  // this test holds thousands of connections
    ::setrlimit(RLIMIT_NOFILE, &limit);
    config_.port = 0;
    config_.host = "127.0.0.1";
  }
  void start() {
    server_ = std::make_unique<HttpServer>(config_, std::make_shared<auth::Authenticator>(),
                                           "test server");
    auto& routes = server_->routes();
    routes.get(
        "/health", Access::anyone(),
        [](const Request&, Response& res) { res.set("UP", "text/plain"); }, Execution::kInline);
    routes.get("/items/{id}", Access::anyone(), [](const Request& req, Response& res) {
      res.set("item " + req.params.at("id") + " q=" + req.query_value("q").value_or(""),
              "text/plain");
    });
    routes.add("PUT", "/items/{id}", Access::anyone(),
               [](const Request& req, Response& res) { res.set("put " + req.body, "text/plain"); });
    routes.get("/slow", Access::anyone(), [this](const Request& req, Response& res) {
      ++slow_started_;
      const auto deadline = std::chrono::steady_clock::now() + 20s;
      while (!req.cancelled.stop_requested() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);  // work that checks for cancellation as it goes
      }
      slow_cancelled_ = req.cancelled.stop_requested();
      res.set("done", "text/plain");
    });
    // A GET that changes something: not served to HEAD.
    routes.add("GET", "/act", Access::anyone(), [this](const Request&, Response& res) {
      ++acted_;
      res.set("done", "text/plain");
    });
    routes.get(
        "/events", Access::anyone(),
        [this](const Request&, Response& res) { res.events = hub_.subscribe(); },
        Execution::kInline);
    server_->start();
    port_ = server_->port();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(5, 0);
    return c;
  }
  // The longest of `samples` GET /health round trips.
  std::chrono::milliseconds worst_health(int samples) {
    std::chrono::milliseconds worst{0};
    for (int i = 0; i < samples; ++i) {
      const auto started = std::chrono::steady_clock::now();
      const auto res = client().Get("/health");
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      EXPECT_TRUE(res && res->status == 200);
      worst = std::max(worst, took);
    }
    return worst;
  }

  HttpConfig config_;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  EventHub hub_;
  std::atomic<int> slow_started_{0};
  std::atomic<int> acted_{0};
  std::atomic<bool> slow_cancelled_{false};
};

TEST_F(HttpServerTest, RoutesByMethodAndPathWithParametersAndQuery) {
  start();
  auto c = client();
  EXPECT_EQ(c.Get("/items/42?q=a%20b")->body, "item 42 q=a b");
  EXPECT_EQ(c.Put("/items/7", "x", "text/plain")->body, "put x");
  const auto head = c.Head("/items/42");
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  const auto missing = c.Get("/nothing");
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("no endpoint GET /nothing"), std::string::npos);
  const auto wrong_method = c.Delete("/items/42");
  EXPECT_EQ(wrong_method->status, 405);
  EXPECT_EQ(wrong_method->get_header_value("Allow"), "GET, HEAD, PUT");
}

TEST_F(HttpServerTest, MalformedOrOversizedRequestsGetAJsonErrorNamingTheProblem) {
  config_.max_body_bytes = 100;
  config_.max_header_bytes = 1024;
  start();
  RawConnection garbage(port_);
  garbage.send("\x16\x03\x01 NOT HTTP\r\n\r\n");
  const std::string answer = garbage.receive(5s);
  EXPECT_NE(answer.find("400 Bad Request"), std::string::npos) << answer;
  EXPECT_NE(answer.find("malformed HTTP request"), std::string::npos) << answer;

  RawConnection big_header(port_);
  big_header.send("GET /health HTTP/1.1\r\nX: " + std::string(4000, 'x') + "\r\n\r\n");
  EXPECT_NE(big_header.receive(5s).find("431"), std::string::npos);

  const auto big_body = client().Put("/items/1", std::string(1000, 'b'), "text/plain");
  EXPECT_EQ(big_body->status, 413);
  EXPECT_NE(big_body->body.find("too large"), std::string::npos);
  EXPECT_EQ(client().Get("/health")->status, 200) << "the server carries on";
}

TEST_F(HttpServerTest, SlowAndIdleClientsDoNotStarveOthers) {
  start();
  // A thousand clients sending headers a line at a time, a thousand idle keep-alive ones.
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 1000; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port_));
    slow.back()->send("GET /health HTTP/1.1\r\nHost: x\r\n");
  }
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port_));
    idle.back()->send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_NE(idle.back()->receive(5s, "UP").find("200 OK"), std::string::npos);
  }
  for (auto& s : slow) s->send("X-More: still coming\r\n");
  EXPECT_GE(server_->open_connections(), 2000u);
  EXPECT_LT(worst_health(20), 100ms);
}

TEST_F(HttpServerTest, AHeaderThatDoesNotCompleteInTimeEndsTheConnection) {
  config_.header_timeout = 300ms;
  start();
  RawConnection slow(port_);
  slow.send("GET /health HTTP/1.1\r\n");
  slow.receive(10s);
  EXPECT_TRUE(slow.closed_by_server());
}

TEST_F(HttpServerTest, AtTheConnectionLimitTheLongestIdleMakesRoom) {
  config_.max_connections = 50;
  start();
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 80; ++i) idle.push_back(std::make_unique<RawConnection>(port_));
  EXPECT_LT(worst_health(5), 1000ms);
  EXPECT_LE(server_->open_connections(), 51u);
  idle.front()->receive(2s);
  EXPECT_TRUE(idle.front()->closed_by_server()) << "the oldest idle one went first";
}

// When every connection is busy (none waits idle to be closed), a new one is told so in a whole,
// well-formed answer: its Content-Length is the length of its body.
TEST_F(HttpServerTest, AtTheLimitWithNothingToEvictANewClientGetsA503ItCanRead) {
  config_.max_connections = 16;
  start();
  std::vector<std::unique_ptr<RawConnection>> busy;
  for (int i = 0; i < 16; ++i) {
    busy.push_back(std::make_unique<RawConnection>(port_));
    busy.back()->send("GET /items/1 HTTP/1.1\r\nHost: x\r\n");  // headers under way: not idle
  }
  ASSERT_TRUE(eventually([&] { return server_->open_connections() >= 16; }));
  RawConnection refused(port_);
  const std::string answer = refused.receive(5s);
  ASSERT_TRUE(answer.starts_with("HTTP/1.1 503 ")) << answer;
  const auto header_end = answer.find("\r\n\r\n");
  ASSERT_NE(header_end, std::string::npos) << answer;
  const std::string body = answer.substr(header_end + 4);
  EXPECT_NE(answer.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
            std::string::npos)
      << answer;
  EXPECT_EQ(nlohmann::json::parse(body)["message"], "too many connections");
}

// What a proxy in front could read otherwise than the server does is refused: codings other
// than chunked, an encoded '/', two Host or Authorization headers. HEAD runs only GET routes
// that change nothing.
TEST_F(HttpServerTest, AmbiguousRequestsAreRefused) {
  start();
  const auto answer = [&](const std::string& request) {
    RawConnection c(port_);
    c.send(request);
    return c.receive(5s, "\r\n\r\n");
  };
  EXPECT_TRUE(answer("POST /items/1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n"
                     "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")
                  .starts_with("HTTP/1.1 400"));
  EXPECT_TRUE(answer("GET /items%2F1 HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 400"));
  EXPECT_TRUE(
      answer("GET /items/1 HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n").starts_with("HTTP/1.1 400"));
  EXPECT_TRUE(answer("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 200"));
  EXPECT_TRUE(answer("HEAD /items/1 HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 200"));
  EXPECT_TRUE(answer("HEAD /act HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 405"));
  EXPECT_EQ(acted_, 0);
}

TEST_F(HttpServerTest, AClientThatResetsTheConnectionCancelsItsWork) {
  start();
  RawConnection gone(port_);
  gone.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(eventually([&] { return slow_started_ > 0; }));
  ASSERT_EQ(slow_started_, 1);
  gone.reset();
  EXPECT_TRUE(eventually([&] { return slow_cancelled_.load(); }))
      << "the handler went on for a client that was gone";
}

TEST_F(HttpServerTest, AHalfClosedClientStillGetsItsAnswer) {
  start();
  RawConnection half(port_);
  half.send("GET /items/3 HTTP/1.1\r\nHost: x\r\n\r\n");
  half.half_close();
  const std::string answer = half.receive(5s);
  EXPECT_NE(answer.find("200 OK"), std::string::npos) << answer;
  EXPECT_NE(answer.find("item 3"), std::string::npos) << answer;
}

TEST_F(HttpServerTest, EventStreamsDeliverEachEventAndHoldNoThreadEach) {
  start();
  RawConnection first(port_);
  first.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_NE(first.receive(5s, "\r\n\r\n").find("text/event-stream"), std::string::npos);
  const std::size_t threads = threads_of_this_process();
  std::vector<std::unique_ptr<RawConnection>> followers;
  for (int i = 0; i < 500; ++i) {
    followers.push_back(std::make_unique<RawConnection>(port_));
    followers.back()->send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  }
  EXPECT_TRUE(eventually([&] { return hub_.subscribers() == 501u; })) << hub_.subscribers();
  EXPECT_EQ(threads_of_this_process(), threads) << "a stream must not hold a thread";
  hub_.publish("notification", "1", R"({"n":1})");
  hub_.publish("notification", "2", R"({"n":2})");
  const std::string events = first.receive(5s, R"({"n":2})");
  const auto one = events.find("id: 1\nevent: notification\ndata: {\"n\":1}\n\n");
  const auto two = events.find("id: 2\nevent: notification\ndata: {\"n\":2}\n\n");
  EXPECT_NE(one, std::string::npos) << events;
  EXPECT_NE(two, std::string::npos) << events;
  EXPECT_LT(one, two);
  EXPECT_NE(followers.back()->receive(5s, R"({"n":2})").find(R"({"n":2})"), std::string::npos);
  followers.clear();  // they go: the hub forgets them
  EXPECT_TRUE(eventually([&] {
    hub_.publish("ping", "", "{}");
    return hub_.subscribers() == 1u;
  })) << hub_.subscribers();
}

}  // namespace
}  // namespace mobilecs::http
