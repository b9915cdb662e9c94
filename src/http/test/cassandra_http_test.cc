// The HTTP API of `mobilecs backend` over the real Cassandra (scripts/stack up).
#include "http/test/http_api_test.h"

namespace mobilecs::testing {

INSTANTIATE_TEST_SUITE_P(Cassandra, HttpApiTest, ::testing::Values(BackendFactory([] {
                           return std::unique_ptr<ApiBackend>(new CassandraBackend);
                         })),
                         [](const ::testing::TestParamInfo<BackendFactory>&) {
                           return std::string("Cassandra");
                         });

}  // namespace mobilecs::testing

namespace mobilecs::testing {
namespace {

TEST(CassandraBackendReadiness, AnswersWithinTwoSecondsWhenKafkaIsDown) {
  CassandraBackend backend({"--bootstrap-servers", "127.0.0.1:" + std::to_string(free_port())});
  for (int i = 0; i < 3; ++i) {  // again and again: a check still running must not pile up
    const auto started = std::chrono::steady_clock::now();
    const auto res = backend.client().Get("/ready");
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 503) << res->body;
    EXPECT_NE(res->body.find(R"("store":"UP")"), std::string::npos) << res->body;
    EXPECT_EQ(res->body.find(R"("kafka":"UP")"), std::string::npos) << res->body;
  }
}

}  // namespace
}  // namespace mobilecs::testing
