#include "generator/incoming_records_generator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "generator/test/oracle.h"

namespace mobilecs::generator {
namespace {

std::string generate(IncomingRecordsGenerator& g, IncomingRecordsGenerator::File& file) {
  std::string text;
  file = g.next_file([&](std::string_view chunk) { text.append(chunk); });
  return text;
}

TEST(IncomingRecordsGenerator, TheFirstFileIsTheSpecsReferenceDataSet) {
  IncomingRecordsGenerator g(1);
  EXPECT_EQ(g.records_in_next_files(), 31u);
  IncomingRecordsGenerator::File file;
  const std::string text = generate(g, file);
  EXPECT_EQ(file.name, "idr_000_2020-01-02_1349856c-14bb-33a0-ae31-b3df49201961.csv");
  EXPECT_EQ(file.records, 31u);  // 2020-01-02 .. 2020-02-01, daily
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "8aae90a1-c2e7-33e5-9fab-f8f3e1900906;2020-01-02T00:00+01:00[Europe/Warsaw];"
            "48917846822;825012938");
  EXPECT_NE(text.find(";2020-02-01T00:00+01:00[Europe/Warsaw];"), std::string::npos);
  EXPECT_EQ(text.find(";2020-02-02T"), std::string::npos);
}

TEST(IncomingRecordsGenerator, MatchesTheJdkOracleFileByFileAcrossDaylightSaving) {
  constexpr int kSubscribers = 7;
  constexpr int kMonths = 14;
  const auto dir =
      std::filesystem::temp_directory_path() / ("mobilecs-oracle-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  testing::run_oracle("incoming-data-records " + std::to_string(kSubscribers) + " " +
                      std::to_string(kMonths) + " " + dir.string());
  IncomingRecordsGenerator g(kSubscribers);
  const std::uint64_t all = g.records_in_next_files(kMonths);
  std::uint64_t generated = 0;
  for (int month = 0; month < kMonths; ++month) {
    const std::uint64_t announced = g.records_in_next_files();
    IncomingRecordsGenerator::File file;
    const std::string text = generate(g, file);
    std::ifstream expected_file(dir / file.name, std::ios::binary);
    ASSERT_TRUE(expected_file) << "the oracle wrote no " << file.name;
    std::stringstream expected;
    expected << expected_file.rdbuf();
    ASSERT_EQ(text, expected.str()) << file.name;
    EXPECT_EQ(file.records, announced);
    generated += file.records;
  }
  EXPECT_EQ(generated, all);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mobilecs::generator
