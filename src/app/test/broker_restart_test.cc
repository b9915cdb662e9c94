// The distributed roles against a broker of the test's own, restarted and killed under them:
// they ride it out without a manual restart, stop within seconds when asked while it is down,
// and lose or double nothing.
#include "app/test/distributed_support.h"
#include "testing/private_stack.h"

namespace mobilecs::testing {
namespace {

using namespace std::chrono_literals;

class BrokerRestartTest : public DistributedTest {
 protected:
  void SetUp() override {
    DistributedTest::SetUp();
    ASSERT_TRUE(broker_.up()) << read_text(dir_ / "kafka" / "stack.log");
    kafka_.bootstrap_servers = broker_.address();
  }

  PrivateStack broker_{dir_ / "kafka", "kafka"};
};

// Down for longer than the ingester's session: the static member loses its partitions, and
// joins again under a new member id (where librdkafka can fence it under its own instance id).
TEST_F(BrokerRestartTest, ABrokerRestartMidRunIsRiddenOut) {
  const auto expected = sorted(embedded_notifications(1500, 2000, 3));
  publish_inputs(1500, 2000, 3);
  Process ingester(ingester_args("1", false), (dir_ / "ingester").string());
  Process importer(role({"importer", "--dir", incoming().string()}), (dir_ / "importer").string());
  ASSERT_FALSE(await_notifications(1, 120s).empty()) << read_text(ingester.err_path());
  ASSERT_TRUE(broker_.down());
  ASSERT_TRUE(await_log(ingester, "Consumer group session timed out"))
      << read_text(ingester.err_path());
  ASSERT_TRUE(broker_.up());
  const auto messages = await_notifications(expected.size(), 180s);
  EXPECT_TRUE(sorted(messages) == expected) << difference(sorted(messages), expected);
  importer.signal(SIGTERM);
  ingester.signal(SIGTERM);
  EXPECT_EQ(importer.wait_for(10s), 0) << read_text(importer.err_path());
  EXPECT_EQ(ingester.wait_for(10s), 0) << read_text(ingester.err_path());
  EXPECT_TRUE(std::filesystem::is_empty(incoming() / ".importer-1"));
}

TEST_F(BrokerRestartTest, RolesStopWithinSecondsWhileTheBrokerIsDownAndLoseNothing) {
  const auto expected = sorted(embedded_notifications(1500, 2000, 3));
  publish_inputs(1500, 2000, 3);
  {
    Process ingester(ingester_args("1", false), (dir_ / "ingester").string());
    Process importer(role({"importer", "--dir", incoming().string()}),
                     (dir_ / "importer").string());
    ASSERT_FALSE(await_notifications(1, 120s).empty()) << read_text(ingester.err_path());
    ASSERT_TRUE(broker_.kill());
    ASSERT_TRUE(await_log(ingester, "Connection refused")) << read_text(ingester.err_path());
    importer.signal(SIGTERM);
    ingester.signal(SIGTERM);
    EXPECT_EQ(importer.wait_for(10s), 0) << read_text(importer.err_path());
    EXPECT_EQ(ingester.wait_for(10s), 0) << read_text(ingester.err_path());
  }
  ASSERT_TRUE(broker_.up());
  const Result imported = run(importer_args(), (dir_ / "importer-again").string());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const Result ingested = run(ingester_args(), (dir_ / "ingester-again").string());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  const auto actual = sorted(notifications());
  EXPECT_TRUE(actual == expected) << difference(actual, expected);
}

TEST_F(BrokerRestartTest, ARoleStartedWithoutABrokerSaysSoAndStopsWhenAsked) {
  ASSERT_TRUE(broker_.down());
  Process importer(role({"importer", "--dir", incoming().string()}), (dir_ / "importer").string());
  ASSERT_TRUE(await_log(importer, "preparing the topics on " + broker_.address() + " failed"))
      << read_text(importer.err_path());
  importer.signal(SIGTERM);
  EXPECT_EQ(importer.wait_for(10s), 0) << read_text(importer.err_path());
}

}  // namespace
}  // namespace mobilecs::testing
