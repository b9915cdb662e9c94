// A broker restart in the middle of a run: the roles reconnect and finish correctly. The test
// restarts a broker of its own (its own folder and ports), not the one other tests share.
#include <cstdlib>

#include "app/test/distributed_support.h"

namespace mobilecs::testing {
namespace {

constexpr int kPrivatePort = 19092;

class BrokerRestartTest : public DistributedTest {
 protected:
  void SetUp() override {
    DistributedTest::SetUp();
    stack("up");
    kafka_.bootstrap_servers = "127.0.0.1:" + std::to_string(kPrivatePort);
  }
  void TearDown() override { stack("down"); }

  void stack(const char* command) {
    const std::string line = "STACK_DIR=" + (dir_ / "stack").string() +
                             " KAFKA_PORT=" + std::to_string(kPrivatePort) + " " +
                             MOBILECS_SOURCE_DIR "/scripts/stack " + command;
    ASSERT_EQ(std::system(line.c_str()), 0) << line;
  }
};

TEST_F(BrokerRestartTest, ABrokerRestartMidRunIsRiddenOut) {
  const auto expected = sorted(embedded_notifications(1500, 2000, 3));
  publish_inputs(1500, 2000, 3);
  Process ingester(ingester_args("1", false), (dir_ / "ingester").string());
  Process importer(role({"importer", "--dir", incoming().string()}), (dir_ / "importer").string());
  std::this_thread::sleep_for(std::chrono::seconds(3));
  stack("down");
  std::this_thread::sleep_for(std::chrono::seconds(3));
  stack("up");
  const auto messages = await_notifications(expected.size(), std::chrono::seconds(180));
  EXPECT_TRUE(sorted(messages) == expected) << difference(sorted(messages), expected);
  importer.signal(SIGTERM);
  ingester.signal(SIGTERM);
  EXPECT_EQ(importer.wait_for(std::chrono::seconds(30)), 0) << read_text(importer.err_path());
  EXPECT_EQ(ingester.wait_for(std::chrono::seconds(30)), 0) << read_text(ingester.err_path());
  EXPECT_TRUE(std::filesystem::is_empty(incoming() / ".importer-1"));
}

}  // namespace
}  // namespace mobilecs::testing
