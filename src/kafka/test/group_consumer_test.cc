// A static member of a consumer group against librdkafka's mock cluster: fenced under its own
// instance id after its session timed out, it joins again; fenced while it holds partitions (a
// newer instance under the same id), it fails for good.
#include "kafka/group_consumer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "kafka/test/mock_cluster.h"
#include "testing/eventually.h"
#include "testing/log_capture.h"

namespace mobilecs::kafka {
namespace {

using namespace std::chrono_literals;
using testing::MockCluster;
namespace api = testing::api;

constexpr const char* kGroup = "ingesters";
constexpr int kCoordinator = 1;

class GroupConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_.create_topic("in", 2);
    cluster_.move_group_coordinator(kGroup, kCoordinator);
    GroupConsumerSettings settings;
    settings.group = kGroup;
    settings.client_id = "member";
    settings.topics = {"in"};
    settings.static_instance_id = "member-1";
    settings.session_timeout = 3s;
    member_ = std::make_unique<GroupConsumer>(cluster_.config(), settings);
    member_->subscribe();
  }

  // Polls until an event of `kind` comes (true), or 30 s pass; every event is kept in events_.
  bool poll_until(ConsumerEvent::Kind kind) {
    return mobilecs::testing::eventually(
        [&] {
          std::optional<ConsumerEvent> event = member_->poll(100ms);
          if (!event) return false;
          events_.push_back(event->kind);
          return event->kind == kind;
        },
        30s, 0ms);
  }
  bool saw(ConsumerEvent::Kind kind) const {
    return std::find(events_.begin(), events_.end(), kind) != events_.end();
  }

  mobilecs::testing::LogCapture log_;
  MockCluster cluster_;
  std::unique_ptr<GroupConsumer> member_;
  std::vector<ConsumerEvent::Kind> events_;
};

TEST_F(GroupConsumerTest, FencedUnderItsOwnIdAfterItsSessionTimedOutItJoinsAgain) {
  ASSERT_TRUE(poll_until(ConsumerEvent::Kind::kAssigned));
  cluster_.broker_down(kCoordinator);  // no heartbeat answered: the session times out
  ASSERT_TRUE(poll_until(ConsumerEvent::Kind::kRevoked));
  // librdkafka heartbeats on while it waits for the revoke to be released; the first answer once
  // the coordinator is back is the fence (confluentinc/librdkafka#3437).
  cluster_.fail_next(api::kHeartbeat, {RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID});
  cluster_.broker_up(kCoordinator);
  ASSERT_TRUE(poll_until(ConsumerEvent::Kind::kAssigned));
  EXPECT_FALSE(saw(ConsumerEvent::Kind::kError));
  EXPECT_EQ(log_.count("joining the group again"), 1u) << "the fence was never met";
}

TEST_F(GroupConsumerTest, FencedWhileItHoldsPartitionsItFailsForGood) {
  ASSERT_TRUE(poll_until(ConsumerEvent::Kind::kAssigned));
  cluster_.fail_next(api::kHeartbeat, {RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID});
  std::optional<ConsumerEvent> failure;
  ASSERT_TRUE(mobilecs::testing::eventually(
      [&] {
        std::optional<ConsumerEvent> event = member_->poll(100ms);
        if (event && event->kind == ConsumerEvent::Kind::kError) failure = std::move(event);
        return failure.has_value();
      },
      30s, 0ms));
  EXPECT_TRUE(failure->fatal) << failure->error;
  EXPECT_EQ(log_.count("joining the group again"), 0u);
}

}  // namespace
}  // namespace mobilecs::kafka
