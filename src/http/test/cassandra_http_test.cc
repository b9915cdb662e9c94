// The HTTP API of `mobilecs backend` over the real Cassandra (scripts/stack up).
#include "http/test/http_api_test.h"
#include "testing/eventually.h"

namespace mobilecs::testing {

std::unique_ptr<ApiBackend> make_backend() { return std::make_unique<CassandraBackend>(); }

INSTANTIATE_TEST_SUITE_P(Cassandra, HttpApiTest, ::testing::Values(BackendFactory(make_backend)),
                         [](const ::testing::TestParamInfo<BackendFactory>&) {
                           return std::string("Cassandra");
                         });

}  // namespace mobilecs::testing

namespace mobilecs::testing {
namespace {

TEST(CassandraBackendReadiness, AnswersWithinTwoSecondsWhenKafkaIsDown) {
  CassandraBackend backend({"--bootstrap-servers", "127.0.0.1:" + std::to_string(free_port())});
  const auto ready = [&] {
    const auto started = std::chrono::steady_clock::now();
    auto res = backend.client().Get("/ready");
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    EXPECT_TRUE(res);
    if (res) {
      EXPECT_EQ(res->status, 503) << res->body;
      EXPECT_EQ(res->body.find(R"("kafka":"UP")"), std::string::npos) << res->body;
    }
    return res;
  };
  // A keyspace just created can keep Cassandra's first read past the probe's budget on a busy
  // machine: every answer must still come in time, and the store must show UP soon.
  std::string last;
  ASSERT_TRUE(eventually(
      [&] {
        const auto res = ready();
        last = res ? res->body : "no answer in time";
        return res && res->body.find(R"("store":"UP")") != std::string::npos;
      },
      std::chrono::seconds(30)))
      << last;
  for (int i = 0; i < 3; ++i) {  // again and again: a check still running must not pile up
    const auto res = ready();
    ASSERT_TRUE(res);
    EXPECT_NE(res->body.find(R"("store":"UP")"), std::string::npos) << res->body;
  }
}

}  // namespace
}  // namespace mobilecs::testing
