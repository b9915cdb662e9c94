#include "ingester/ingester.h"

#include <gtest/gtest.h>

#include <thread>

#include "rocks/rocks_data_record_store.h"
#include "runtime/stop.h"
#include "testing/eventually.h"
#include "testing/free_port.h"
#include "testing/log_capture.h"
#include "testing/temp_dir.h"

namespace mobilecs::ingester {
namespace {

using namespace std::chrono_literals;

TEST(Ingester, IsMadeWithoutAnyServerAndStopsWhenAskedWhileWaitingForOne) {
  mobilecs::testing::LogCapture log;
  mobilecs::testing::TempDir dir;
  rocks::Database local(dir / "state", rocks::Database::Options{});
  rocks::RocksDataRecordStore store(local);
  IngesterConfig config;
  config.kafka.bootstrap_servers = "127.0.0.1:" + std::to_string(mobilecs::testing::free_port());
  config.kafka.retry_backoff = {10ms, 50ms};
  std::stop_source soft;
  std::stop_source hard;
  const auto made = std::chrono::steady_clock::now();
  Ingester ingester(config, store, local, soft.get_token(), hard.get_token());
  EXPECT_LT(std::chrono::steady_clock::now() - made, 2s) << "the constructor waited for a broker";
  std::thread stopper([&] {
    mobilecs::testing::eventually([&] { return log.count("preparing the topics") > 0; }, 60s);
    soft.request_stop();
    hard.request_stop();
  });
  EXPECT_THROW(ingester.run(false), runtime::Stopped);
  stopper.join();
  EXPECT_GT(log.count("preparing the topics on " + config.kafka.bootstrap_servers), 0u);
}

}  // namespace
}  // namespace mobilecs::ingester
