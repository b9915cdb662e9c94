// The HTTP API of `mobilecs run --http` over the embedded RocksDB store.
#include "http/test/http_api_test.h"

namespace mobilecs::testing {

INSTANTIATE_TEST_SUITE_P(Embedded, HttpApiTest, ::testing::Values(BackendFactory([] {
                           return std::unique_ptr<ApiBackend>(new EmbeddedBackend);
                         })),
                         [](const ::testing::TestParamInfo<BackendFactory>&) {
                           return std::string("RocksDB");
                         });

}  // namespace mobilecs::testing
