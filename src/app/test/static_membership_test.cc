// Static membership (docs/configuration.md, --instance-id): an ingester given an instance id is a
// static member of the ingesters' group, against the real broker.
#include <regex>

#include "app/test/distributed_support.h"

namespace mobilecs::testing {
namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

// The partitions of the last "assigned partitions ..." line of a log.
std::string last_assignment(const std::string& log) {
  std::string last;
  const std::regex line(R"(assigned partitions ([0-9, ]+))");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator();
       ++it) {
    last = (*it)[1];
  }
  return last;
}

TEST_F(DistributedTest, ARestartedIngesterGetsItsPartitionsBackWithoutMovingTheOthers) {
  const auto expected = sorted(embedded_notifications(50, 100, 2));
  publish_inputs(50, 100, 2);
  // All input in Kafka first: records arriving later than a partition went idle would be late
  // (docs/semantics.md §7), whatever the membership.
  const Result imported = run(importer_args(), (dir_ / "importer").string());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  Process first(ingester_args("1", false), (dir_ / "ingester-1").string());
  ASSERT_TRUE(await_log(first, "assigned partitions")) << read_text(first.err_path());
  Process second(ingester_args("2", false), (dir_ / "ingester-2").string());
  ASSERT_TRUE(await_log(second, "assigned partitions")) << read_text(second.err_path());
  // Settled: the first gave the second its share (all six, then its half).
  ASSERT_TRUE(eventually([&] {
    return occurrences(read_text(first.err_path()), "assigned partitions") >= 2;
  })) << read_text(first.err_path());
  const std::string share = last_assignment(read_text(second.err_path()));
  ASSERT_FALSE(share.empty());
  ASSERT_NE(share, "0, 1, 2, 3, 4, 5");
  const std::size_t revoked = occurrences(read_text(first.err_path()), "revoked partitions");

  // Stopped and started again under the same id, well within the session timeout.
  second.signal(SIGTERM);
  ASSERT_EQ(second.wait_for(std::chrono::seconds(30)), 0) << read_text(second.err_path());
  Process again(ingester_args("2", false), (dir_ / "ingester-2-again").string());
  ASSERT_TRUE(await_log(again, "assigned partitions")) << read_text(again.err_path());
  EXPECT_EQ(last_assignment(read_text(again.err_path())), share);

  // The restart moved nothing of the first's, and the pipeline is whole.
  const auto messages = await_notifications(expected.size(), std::chrono::seconds(60));
  EXPECT_TRUE(sorted(messages) == expected) << difference(sorted(messages), expected);
  EXPECT_EQ(occurrences(read_text(first.err_path()), "revoked partitions"), revoked)
      << read_text(first.err_path());
  for (Process* p : {&first, &again}) {
    p->signal(SIGTERM);
    EXPECT_EQ(p->wait_for(std::chrono::seconds(30)), 0) << read_text(p->err_path());
  }
}

TEST_F(DistributedTest, ASecondIngesterUnderTheSameInstanceIdFencesTheFirst) {
  Process first(ingester_args("1", false), (dir_ / "ingester-first").string());
  ASSERT_TRUE(await_log(first, "assigned partitions")) << read_text(first.err_path());
  std::vector<std::string> args = ingester_args("1", false);
  *(std::find(args.begin(), args.end(), "--state-dir") + 1) = (dir_ / "state-other").string();
  Process second(args, (dir_ / "ingester-second").string());
  // Joined (slowly on a busy machine): the group took the id away from the first.
  ASSERT_TRUE(await_log(second, "assigned partitions", std::chrono::seconds(180)))
      << read_text(second.err_path());

  // The first learns it was replaced, says so and stops; the second carries on.
  const int code = first.wait_for(std::chrono::seconds(60));
  EXPECT_NE(code, 0);
  EXPECT_NE(code, -1) << "the fenced ingester kept running";
  EXPECT_NE(read_text(first.err_path()).find("group.instance.id"), std::string::npos)
      << read_text(first.err_path());
  EXPECT_EQ(second.wait_for(std::chrono::seconds(3)), -1) << read_text(second.err_path());
  second.signal(SIGTERM);
  EXPECT_EQ(second.wait_for(std::chrono::seconds(30)), 0) << read_text(second.err_path());
}

}  // namespace
}  // namespace mobilecs::testing
