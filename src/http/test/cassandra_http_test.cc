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
