// End-to-end tests of the `mobilecs` binary on the embedded default.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "testing/eventually.h"
#include "testing/free_port.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace mobilecs::testing {
namespace {

const std::string kBinary = MOBILECS_BINARY;

constexpr std::string_view kReferenceNotifications =
    "CreateTime:1580511599999\t"
    R"({"agreementId":"0b12c601-9287-3f5c-a78c-df508fe0f889","year":2020,"month":1,)"
    R"("latestRecordedAt":"Fri Jan 10 23:00:00 UTC 2020",)"
    R"("latestInternalRecordId":"523d8cc7-e611-3508-90bc-fab260b2973e",)"
    R"("totalRecordedBytes":5697948758,"billingPeriodTimeZone":"Europe/Warsaw",)"
    R"("maxBytesInBillingPeriod":5368709120,"type":"DATA_PLAN_EXCEEDED"})"
    "\n"
    "CreateTime:1580511599999\t"
    R"({"agreementId":"0b12c601-9287-3f5c-a78c-df508fe0f889","year":2020,"month":1,)"
    R"("latestRecordedAt":"Thu Jan 30 23:00:00 UTC 2020",)"
    R"("latestInternalRecordId":"b58a3008-23a9-384c-b4e6-2cc837d1ef07",)"
    R"("totalRecordedBytes":13559994361,"billingPeriodTimeZone":"Europe/Warsaw",)"
    R"("maxBytesInBillingPeriod":5368709120,"type":"BILLING_PERIOD_CLOSED"})"
    "\n";

std::size_t count_lines(const std::filesystem::path& path) {
  const std::string text = read_text(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(MobilecsDemo, PrintsExactlyTheReferenceNotifications) {
  TempDir dir;
  const Result r = run({kBinary, "demo", "--data-dir", (dir / "demo").string()}, dir / "demo-run");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, kReferenceNotifications);
}

TEST(MobilecsDemo, UsesAFreshTemporaryFolderByDefaultAndSaysWhich) {
  TempDir dir;
  // The folder is kept for the user to look at: under this test's own TMPDIR, removed with it.
  const Result r =
      run({"/usr/bin/env", "TMPDIR=" + dir.path().string(), kBinary, "demo"}, dir / "demo-run");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, kReferenceNotifications);
  std::vector<std::filesystem::path> made;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().starts_with("mobilecs-demo-")) made.push_back(entry);
  }
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(count_lines(made[0] / "data-records-aggregates.jsonl"), 2u);
  EXPECT_NE(r.err.find("demo data, state and notifications are in " + made[0].string()),
            std::string::npos)
      << r.err;
}

TEST(MobilecsBackend, RefusesToStartWithoutACredentialNamingWhatToSet) {
  TempDir dir;
  const Result r = run({"/usr/bin/env", "-u", "MOBILECS_API_TOKEN", "-u", "MOBILECS_API_TOKEN_FILE",
                        kBinary, "backend", "--port", "0"},
                       dir / "backend");
  EXPECT_EQ(r.exit_code, 1);
  for (const char* named : {"MOBILECS_API_TOKEN", "--api-tokens-file", "--jwks-file",
                            "--jwt-issuer", "--insecure-allow-anonymous"}) {
    EXPECT_NE(r.err.find(named), std::string::npos) << named << ": " << r.err;
  }
}

TEST(MobilecsDemo, RefusesAFolderThatIsNotEmpty) {
  TempDir dir;
  write_text(dir / "demo" / "something", "x");
  const Result r = run({kBinary, "demo", "--data-dir", (dir / "demo").string()}, dir / "demo-run");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is not empty"), std::string::npos) << r.err;
}

TEST(MobilecsGenerate, WritesTheReferenceFilesWithTheirNames) {
  TempDir dir;
  const Result r = run({kBinary, "generate", "incoming-data-records", "--subscribers", "2",
                        "--months", "2", "--dir", (dir / "in").string()},
                       dir / "gen");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(
      dir / "in" / "idr_000_2020-01-02_1349856c-14bb-33a0-ae31-b3df49201961.csv"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "in"),
                          std::filesystem::directory_iterator()),
            2);
  EXPECT_NE(r.err.find("incoming data records: 120 done"), std::string::npos) << r.err;
}

TEST(MobilecsGenerate, RejectsNonsenseCounts) {
  TempDir dir;
  const Result r =
      run({kBinary, "generate", "agreements", "--count", "-3", "--dir", dir.path()}, dir / "gen");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--count"), std::string::npos) << r.err;
}

// Refused at start, not when the keyspace is first made: an operator learns it before deploying.
TEST(MobilecsIngester, RefusesABadReplicationOrConsistencyAtStartNamingTheFlag) {
  TempDir dir;
  const Result replication = run(
      {kBinary, "ingester", "--cassandra-replication", "dc1:3,dc2:3", "--state-dir", dir.path()},
      dir / "replication");
  EXPECT_NE(replication.exit_code, 0);
  EXPECT_NE(replication.err.find("--cassandra-replication: replication 'dc1:3,dc2:3'"),
            std::string::npos)
      << replication.err;
  const Result consistency =
      run({kBinary, "ingester", "--cassandra-consistency", "MOSTLY", "--state-dir", dir.path()},
          dir / "consistency");
  EXPECT_NE(consistency.exit_code, 0);
  EXPECT_NE(consistency.err.find("--cassandra-consistency"), std::string::npos) << consistency.err;
  EXPECT_NE(consistency.err.find("MOSTLY"), std::string::npos) << consistency.err;
}

TEST(MobilecsRun, PicksUpAFileRenamedIntoTheFolderWhileRunning) {
  TempDir dir;
  ASSERT_EQ(run({kBinary, "generate", "agreements", "--count", "1", "--dir",
                 (dir / "data" / "agreements").string()},
                dir / "gen")
                .exit_code,
            0);
  Process pipeline({kBinary, "run", "--data-dir", (dir / "data").string()}, dir / "run");
  ASSERT_EQ(run({kBinary, "generate", "incoming-data-records", "--subscribers", "1", "--months",
                 "1", "--dir", (dir / "data" / "incoming-data-records").string()},
                dir / "gen2")
                .exit_code,
            0);
  eventually([&] { return count_lines(dir / "data" / "data-records-aggregates.jsonl") >= 2; });
  EXPECT_EQ(count_lines(dir / "data" / "data-records-aggregates.jsonl"), 2u);
  pipeline.signal(SIGTERM);
  EXPECT_EQ(pipeline.wait_for(std::chrono::seconds(20)), 0) << read_text(pipeline.err_path());
}

// docs/semantics.md §10: the plan's 100 % threshold fires at the record DATA_PLAN_EXCEEDED fires
// at.
TEST(MobilecsRun, AUsagePolicyAlertsWhereTheNotificationsSayTheThresholdWasReached) {
  TempDir dir;
  for (const char* data : {"with", "without"}) {
    ASSERT_EQ(run({kBinary, "generate", "agreements", "--count", "1", "--dir",
                   (dir / data / "agreements").string()},
                  dir / "gen")
                  .exit_code,
              0);
    ASSERT_EQ(run({kBinary, "generate", "incoming-data-records", "--subscribers", "1", "--months",
                   "1", "--dir", (dir / data / "incoming-data-records").string()},
                  dir / "gen2")
                  .exit_code,
              0);
  }
  write_text(dir / "policy.json", R"({"thresholds":[{"percentOfPlan":100},{"percentOfPlan":50}]})");
  const Result with = run({kBinary, "run", "--until-idle", "--data-dir", (dir / "with").string(),
                           "--usage-policy", (dir / "policy.json").string()},
                          dir / "run-with");
  ASSERT_EQ(with.exit_code, 0) << with.err;
  const Result without =
      run({kBinary, "run", "--until-idle", "--data-dir", (dir / "without").string()},
          dir / "run-without");
  ASSERT_EQ(without.exit_code, 0) << without.err;

  EXPECT_EQ(read_text(dir / "with" / "data-records-aggregates.jsonl"),
            read_text(dir / "without" / "data-records-aggregates.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(dir / "without" / "data-usage-alerts.jsonl"));
  std::vector<nlohmann::json> alerts;
  std::istringstream lines(read_text(dir / "with" / "data-usage-alerts.jsonl"));
  for (std::string line; std::getline(lines, line);) alerts.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(alerts.size(), 2u);
  const std::string notifications = read_text(dir / "with" / "data-records-aggregates.jsonl");
  const nlohmann::json exceeded =
      nlohmann::json::parse(notifications.substr(0, notifications.find('\n')))["value"];
  ASSERT_EQ(exceeded["type"], "DATA_PLAN_EXCEEDED");
  EXPECT_EQ(alerts[0]["value"]["threshold"], nlohmann::json::parse(R"({"percentOfPlan":50})"));
  EXPECT_LT(alerts[0]["value"]["totalRecordedBytes"], exceeded["totalRecordedBytes"]);
  const nlohmann::json& full = alerts[1]["value"];
  EXPECT_EQ(full["type"], "USAGE_THRESHOLD_REACHED");
  EXPECT_EQ(full["threshold"], nlohmann::json::parse(R"({"percentOfPlan":100})"));
  EXPECT_EQ(full["thresholdBytes"], exceeded["maxBytesInBillingPeriod"]);
  for (const char* field :
       {"agreementId", "year", "month", "totalRecordedBytes", "latestRecordedAt",
        "latestInternalRecordId", "billingPeriodTimeZone"}) {
    EXPECT_EQ(full[field], exceeded[field]) << field;
  }
  EXPECT_EQ(alerts[1]["key"], exceeded["agreementId"]);
}

TEST(MobilecsRun, ABadUsagePolicyIsRefusedAtStartNamingTheMember) {
  TempDir dir;
  write_text(dir / "policy.json", R"({"thresholds":[{"percentOfPlan":-80}]})");
  const Result bad = run({kBinary, "run", "--until-idle", "--data-dir", (dir / "data").string(),
                          "--usage-policy", (dir / "policy.json").string()},
                         dir / "bad");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("'thresholds[0].percentOfPlan' must be a whole number from 1 to"),
            std::string::npos)
      << bad.err;
  const Result missing =
      run({kBinary, "ingester", "--usage-policy", (dir / "nothing.json").string(), "--state-dir",
           (dir / "state").string()},
          dir / "missing");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("cannot read usage policy file"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "data" / "state"));
}

TEST(MobilecsRun, ASecondProcessOnTheSameFolderIsToldWhy) {
  TempDir dir;
  Process first({kBinary, "run", "--data-dir", (dir / "data").string()}, dir / "first");
  // Once it says what the folder holds, it holds the folder.
  ASSERT_TRUE(eventually(
      [&] { return read_text(first.err_path()).find("data folder") != std::string::npos; }));
  const Result second =
      run({kBinary, "run", "--until-idle", "--data-dir", (dir / "data").string()}, dir / "second");
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("another mobilecs process"), std::string::npos) << second.err;
}

TEST(MobilecsCli, SaysItsVersionAndCommit) {
  TempDir dir;
  const Result r = run({kBinary, "--version"}, dir / "version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("mobilecs 0.1.0 (commit "), std::string::npos) << r.out;
}

TEST(MobilecsCli, AMistypedCommandIsNamedWithTheCommandsThereAre) {
  TempDir dir;
  const Result r = run({kBinary, "ingestr", "--until-idle"}, dir / "typo");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command 'ingestr'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("demo, run, generate, importer, ingester, backend"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("Did you mean 'ingester'?"), std::string::npos) << r.err;
}

TEST(MobilecsCli, HealthcheckTellsAServerThatAnswersFromOneThatDoesNot) {
  TempDir dir;
  const int port = free_port();
  Process server({kBinary, "run", "--data-dir", (dir / "data").string(), "--http",
                  std::to_string(port), "--http-host", "127.0.0.1"},
                 dir / "server");
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/health";
  EXPECT_TRUE(eventually([&] {
    return run({kBinary, "healthcheck", "--url", url}, dir / "check").exit_code == 0;
  }));
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_for(std::chrono::seconds(10)), 0);
  const Result down = run({kBinary, "healthcheck", "--url", url}, dir / "check-down");
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.err.find(url), std::string::npos) << down.err;
}

TEST(MobilecsRun, AOneGigabyteFileOfGarbageIsRejectedInBoundedMemory) {
  TempDir dir;
  const auto incoming = dir / "data" / "incoming-data-records";
  std::filesystem::create_directories(incoming);
  {
    // 1 GiB without a single line end (sparse, so cheap to create), then a record.
    std::ofstream out(incoming / "huge.csv", std::ios::binary);
    out.seekp((1LL << 30) - 1);
    out.put('\n');
    out << "x;2020-01-02T00:00Z;48917846822;1\n";
  }
  const Result r =
      run({kBinary, "run", "--until-idle", "--data-dir", (dir / "data").string()}, dir / "run");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string report = read_text(incoming / "processed" / "huge.csv.report.txt");
  EXPECT_NE(report.find("huge.csv: 1 bad line(s)"), std::string::npos) << report;
  EXPECT_NE(report.find("line 1: the line is longer than 65536 bytes"), std::string::npos)
      << report;
  struct rusage usage {};
  getrusage(RUSAGE_CHILDREN, &usage);
  EXPECT_LT(usage.ru_maxrss, 400 * 1024) << "KiB of peak memory";
}

}  // namespace
}  // namespace mobilecs::testing
