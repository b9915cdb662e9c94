#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "http/test/api_backend.h"

namespace mobilecs::testing {

// The HTTP API tests, run against each backend: a binary instantiates them with its factory.
using BackendFactory = std::function<std::unique_ptr<ApiBackend>()>;

// The backend of this test binary (embedded_http_test.cc, cassandra_http_test.cc).
std::unique_ptr<ApiBackend> make_backend();

class HttpApiTest : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override { backend_ = GetParam()(); }
  std::unique_ptr<ApiBackend> backend_;
};

}  // namespace mobilecs::testing
