// The HTTP API of `mobilecs run --http` over the embedded RocksDB store.
#include "http/test/http_api_test.h"

namespace mobilecs::testing {

std::unique_ptr<ApiBackend> make_backend() { return std::make_unique<EmbeddedBackend>(); }

INSTANTIATE_TEST_SUITE_P(Embedded, HttpApiTest, ::testing::Values(BackendFactory(make_backend)),
                         [](const ::testing::TestParamInfo<BackendFactory>&) {
                           return std::string("RocksDB");
                         });

}  // namespace mobilecs::testing
