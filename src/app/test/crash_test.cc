// Kills `mobilecs run` with SIGKILL at random moments while it processes a multi-file data set,
// restarts it each time, and compares the end result with an uninterrupted run.
#include <gtest/gtest.h>

#include <iostream>
#include <random>

#include "testing/process.h"
#include "testing/stored_records.h"
#include "testing/temp_dir.h"
#include "testing/usage_policy.h"

namespace mobilecs::testing {
namespace {

const std::string kBinary = MOBILECS_BINARY;

void generate_data_set(const std::filesystem::path& data, const std::filesystem::path& logs) {
  ASSERT_EQ(run({kBinary, "generate", "agreements", "--count", "1500", "--dir",
                 (data / "agreements").string()},
                logs.string() + "-a")
                .exit_code,
            0);
  ASSERT_EQ(run({kBinary, "generate", "incoming-data-records", "--subscribers", "2000", "--months",
                 "4", "--dir", (data / "incoming-data-records").string()},
                logs.string() + "-r")
                .exit_code,
            0);
  // Records for a late, out-of-order correction and an unknown subscriber, after the rest.
  write_text(data / "incoming-data-records" / "zz_corrections.csv",
             "fix-1;2020-01-15T12:00+01:00[Europe/Warsaw];48917846822;1000\n"
             "fix-2;2020-05-01T12:00+02:00[Europe/Warsaw];48000000000;1000\n");
}

std::vector<std::string> run_args(const std::filesystem::path& data,
                                  const std::filesystem::path& policy) {
  return {kBinary,        "run",
          "--until-idle", "--records-per-commit",
          "3000",         "--read-chunk-bytes",
          "200000",       "--data-dir",
          data.string(),  "--usage-policy",
          policy.string()};
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(MobilecsCrash, SigkillAtRandomMomentsNeitherLosesNorDoublesAnything) {
  TempDir dir;
  generate_data_set(dir / "calm", dir / "gen-calm");
  generate_data_set(dir / "crashy", dir / "gen-crashy");
  // Usage alerts of every kind, so they are checked across kills too.
  write_text(dir / "policy.json", std::string(kUsagePolicyOfEveryKind));
  const auto policy = dir / "policy.json";

  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(run(run_args(dir / "calm", policy), dir / "calm-run").exit_code, 0);
  const auto calm_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();

  // Kill within the first quarter of an uninterrupted run's time, so most runs die mid-work and
  // the restarts (which resume, so each has less left to do) are killed several times.
  const unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(5, std::max<int>(10, static_cast<int>(calm_ms / 4)));
  int kills = 0;
  for (int attempt = 0; attempt < 200; ++attempt) {
    Process p(run_args(dir / "crashy", policy), dir / "crashy-run");
    const int code = p.wait_for(std::chrono::milliseconds(delay_ms(random)));
    if (code == 0) {
      break;
    }
    ASSERT_EQ(code, -1) << "exited on its own with " << code << ": " << read_text(p.err_path());
    p.signal(SIGKILL);
    p.wait();
    ++kills;
  }
  SCOPED_TRACE("random seed " + std::to_string(seed) + ", " + std::to_string(kills) + " kills");
  std::cerr << "killed " << kills << " times (seed " << seed << ", uninterrupted run " << calm_ms
            << " ms)\n";
  EXPECT_GE(kills, 3) << "the data set is too small to kill the process while it works";

  const std::string calm = read_text(dir / "calm" / "data-records-aggregates.jsonl");
  const std::string crashy = read_text(dir / "crashy" / "data-records-aggregates.jsonl");
  EXPECT_GT(std::count(calm.begin(), calm.end(), '\n'), 4000);
  EXPECT_TRUE(crashy.empty() || crashy.back() == '\n') << "a torn last line";
  EXPECT_EQ(crashy, calm);
  EXPECT_EQ(read_text(dir / "crashy" / "late-data-records.jsonl"),
            read_text(dir / "calm" / "late-data-records.jsonl"));
  EXPECT_FALSE(read_text(dir / "calm" / "late-data-records.jsonl").empty());
  const std::string calm_alerts = read_text(dir / "calm" / "data-usage-alerts.jsonl");
  EXPECT_EQ(read_text(dir / "crashy" / "data-usage-alerts.jsonl"), calm_alerts);
  // Every plan reached is alerted as its 100 % threshold, whichever way the run went.
  EXPECT_EQ(count(calm_alerts, R"("threshold":{"percentOfPlan":100})"),
            count(calm, "DATA_PLAN_EXCEEDED"));
  EXPECT_GT(count(calm_alerts, "USAGE_FORECAST_EXCEEDS_PLAN"), 0u);
  EXPECT_GT(count(calm_alerts, R"("threshold":{"overPlanStep":2})"), 0u);
  const auto calm_records = stored_records(dir / "calm");
  EXPECT_EQ(calm_records.size(), 1500u * 121 + 1);  // 500 subscribers have no agreement
  EXPECT_TRUE(stored_records(dir / "crashy") == calm_records);
}

}  // namespace
}  // namespace mobilecs::testing
