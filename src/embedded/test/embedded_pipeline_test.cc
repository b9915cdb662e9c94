#include "embedded/embedded_pipeline.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/codec/agreement_json.h"
#include "generator/agreements_generator.h"
#include "generator/incoming_records_generator.h"
#include "testing/temp_dir.h"

namespace mobilecs::embedded {
namespace {

using mobilecs::testing::read_text;
using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

class EmbeddedPipelineTest : public ::testing::Test {
 protected:
  void write_agreements(int count, const std::string& name = "agreements.jsonl") {
    generator::AgreementsGenerator g;
    std::string text;
    for (int i = 0; i < count; ++i) text += core::agreement_to_json(g.next()) + "\n";
    write_text(folder_.agreements() / name, text);
  }
  void write_records(int subscribers, int months) {
    generator::IncomingRecordsGenerator g(subscribers);
    for (int m = 0; m < months; ++m) {
      std::string text;
      const auto file = g.next_file([&](std::string_view chunk) { text.append(chunk); });
      write_text(folder_.incoming_data_records() / file.name, text);
    }
  }
  void run_until_idle(EmbeddedConfig config) {
    config.folder = folder_;
    EmbeddedPipeline pipeline(config);
    std::stop_source stop;
    pipeline.run(true, stop.get_token());
  }
  void run_until_idle() { run_until_idle(EmbeddedConfig{}); }
  std::vector<nlohmann::ordered_json> notifications() const {
    std::vector<nlohmann::ordered_json> result;
    std::istringstream in(read_text(folder_.notifications()));
    std::string line;
    while (std::getline(in, line)) result.push_back(nlohmann::ordered_json::parse(line));
    return result;
  }

  TempDir dir_;
  DataFolder folder_{dir_.path()};
};

TEST_F(EmbeddedPipelineTest, TheReferenceDataSetYieldsExactlyItsTwoNotifications) {
  write_agreements(1);
  write_records(1, 1);
  run_until_idle();
  EXPECT_EQ(read_text(folder_.notifications()),
            R"({"timestamp":1580511599999,"key":"0b12c601-9287-3f5c-a78c-df508fe0f889","value":)"
            R"({"agreementId":"0b12c601-9287-3f5c-a78c-df508fe0f889","year":2020,"month":1,)"
            R"("latestRecordedAt":"Fri Jan 10 23:00:00 UTC 2020",)"
            R"("latestInternalRecordId":"523d8cc7-e611-3508-90bc-fab260b2973e",)"
            R"("totalRecordedBytes":5697948758,"billingPeriodTimeZone":"Europe/Warsaw",)"
            R"("maxBytesInBillingPeriod":5368709120,"type":"DATA_PLAN_EXCEEDED"}})"
            "\n"
            R"({"timestamp":1580511599999,"key":"0b12c601-9287-3f5c-a78c-df508fe0f889","value":)"
            R"({"agreementId":"0b12c601-9287-3f5c-a78c-df508fe0f889","year":2020,"month":1,)"
            R"("latestRecordedAt":"Thu Jan 30 23:00:00 UTC 2020",)"
            R"("latestInternalRecordId":"b58a3008-23a9-384c-b4e6-2cc837d1ef07",)"
            R"("totalRecordedBytes":13559994361,"billingPeriodTimeZone":"Europe/Warsaw",)"
            R"("maxBytesInBillingPeriod":5368709120,"type":"BILLING_PERIOD_CLOSED"}})"
            "\n");
  // Every record is stored, February's included; February stays open.
  EmbeddedPipeline pipeline(EmbeddedConfig{folder_});
  const core::Uuid agreement = *core::Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f889");
  EXPECT_EQ(pipeline.data_records().find(agreement, 2020, 1).size(), 30u);
  EXPECT_EQ(pipeline.data_records().total_bytes(agreement, 2020, 1), 13559994361);
  EXPECT_EQ(pipeline.data_records().find(agreement, 2020, 2).size(), 1u);
  EXPECT_EQ(pipeline.processor().open_windows(), 1u);
  EXPECT_TRUE(pipeline.data_records().find_agreement(agreement));
  // Inputs were set aside.
  EXPECT_TRUE(files::list_complete_files(files::Folder::open(folder_.agreements())).empty());
  EXPECT_TRUE(
      files::list_complete_files(files::Folder::open(folder_.incoming_data_records())).empty());
  EXPECT_EQ(files::list_complete_files(
                files::Folder::open(DataFolder::processed(folder_.incoming_data_records())))
                .size(),
            1u);
}

TEST_F(EmbeddedPipelineTest, ARestartDoesNotRepeatOrLoseAnything) {
  write_agreements(3);
  write_records(3, 2);
  run_until_idle();
  const std::string first = read_text(folder_.notifications());
  run_until_idle();
  EXPECT_EQ(read_text(folder_.notifications()), first);
  // January and February closed for each of the 3 subscribers, and some plans were reached.
  std::size_t closed = 0;
  for (const auto& n : notifications()) closed += n["value"]["type"] == "BILLING_PERIOD_CLOSED";
  EXPECT_EQ(closed, 6u);
}

TEST_F(EmbeddedPipelineTest, BadLinesAreReportedAndTheRestOfTheFileIsProcessed) {
  write_agreements(1);
  const std::string good =
      "8aae90a1-c2e7-33e5-9fab-f8f3e1900906;2020-01-02T00:00+01:00[Europe/Warsaw];48917846822;1\n";
  const std::string huge(2 * files::LineReader::kMaxLineLength, 'z');
  write_text(folder_.incoming_data_records() / "idr_bad.csv",
             good +                                                          // 1
                 "only;three;fields\n" +                                     // 2
                 "x;2020-01-02T00:00;48917846822;1\r\n" +                    // 3 no offset
                 "\n" +                                                      // 4 blank: skipped
                 "x;2020-01-02T00:00Z;48917846822;-1\n" +                    // 5
                 "x;2020-01-02T00:00Z;48917846822;abc\n" +                   // 6
                 "x;2020-01-02T00:00Z;48917846822;99999999999999999999\n" +  // 7
                 "x\xff;2020-01-02T00:00Z;48917846822;1\n" +                 // 8
                 huge + "\n" +                                               // 9
                 "y;2020-01-03T00:00Z;48917846822;2\r\n" +                   // 10 CRLF is fine
                 "z;2020-01-04T00:00Z;48917846822;3");                       // 11 no line end
  run_until_idle();
  const auto processed = DataFolder::processed(folder_.incoming_data_records());
  const std::string report = read_text(processed / "idr_bad.csv.report.txt");
  for (const char* expected :
       {"line 2: expected 4 fields", "line 3: recordedAt", "line 5: recordedBytes '-1' is negative",
        "line 6: recordedBytes 'abc'", "line 7: recordedBytes '99999999999999999999' does not fit",
        "line 8: the line is not valid UTF-8", "line 9: the line is longer than"}) {
    EXPECT_NE(report.find(expected), std::string::npos) << expected << " in\n" << report;
  }
  EXPECT_EQ(report.find("line 4:"), std::string::npos);
  EXPECT_EQ(report.find("line 10:"), std::string::npos);
  EXPECT_NE(read_text(processed / "idr_bad.csv.rejected").find("only;three;fields\n"),
            std::string::npos);
  EmbeddedPipeline pipeline(EmbeddedConfig{folder_});
  const core::Uuid agreement = *core::Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f889");
  EXPECT_EQ(pipeline.data_records().find(agreement, 2020, 1).size(), 3u);
  EXPECT_EQ(pipeline.data_records().total_bytes(agreement, 2020, 1), 6);
}

TEST_F(EmbeddedPipelineTest, MetricsShowWhatWasCommitted) {
  write_agreements(1);
  write_records(2, 1);  // the second subscriber has no agreement: its records wait
  write_text(folder_.incoming_data_records() / "zz_bad.csv", "a;b\nc;d\n");
  metrics::Registry registry;
  metrics::PipelineMetrics metrics(registry);
  EmbeddedConfig config;
  config.metrics = &metrics;
  run_until_idle(config);
  EXPECT_EQ(metrics.agreements_imported.value(), 1u);
  EXPECT_EQ(metrics.records_imported.value(), 62u);
  EXPECT_EQ(metrics.records_matched.value(), 31u);
  EXPECT_EQ(metrics.records_waiting.value(), 31.0);
  EXPECT_EQ(metrics.records_malformed.value(), 2u);
  EXPECT_EQ(metrics.records_late.value(), 0u);
  EXPECT_EQ(metrics.data_plan_exceeded.value(), 1u);
  EXPECT_EQ(metrics.billing_period_closed.value(), 1u);
  EXPECT_GT(metrics.store_write_seconds.snapshot().cumulative.back(), 0u);
}

TEST_F(EmbeddedPipelineTest, AnEmptyFileIsSetAside) {
  write_text(folder_.incoming_data_records() / "empty.csv", "");
  run_until_idle();
  EXPECT_TRUE(std::filesystem::exists(DataFolder::processed(folder_.incoming_data_records()) /
                                      "empty.csv"));
}

TEST_F(EmbeddedPipelineTest, BadAgreementsAreReportedToo) {
  write_text(
      folder_.agreements() / "a.jsonl",
      "{\"id\":\"x\"}\n"
      "not json\n" +
          std::string(R"({"id":"0b12c601-9287-3f5c-a78c-df508fe0f889","msisdn":"48917846822",)"
                      R"("signedAt":"2019-12-20T00:00+01:00[Europe/Warsaw]",)"
                      R"("serviceStartAt":"2020-01-01T00:00+01:00[Europe/Warsaw]",)"
                      R"("billingPeriodTimeZone":"Mars/Olympus","maxBytesInBillingPeriod":1})"));
  run_until_idle();
  const std::string report =
      read_text(DataFolder::processed(folder_.agreements()) / "a.jsonl.report.txt");
  EXPECT_NE(report.find("line 1: agreement field 'id' is not a UUID"), std::string::npos) << report;
  EXPECT_NE(report.find("line 2: agreement is not valid JSON"), std::string::npos) << report;
  EXPECT_NE(
      report.find(
          "line 3: agreement field 'billingPeriodTimeZone': unknown time zone 'Mars/Olympus'"),
      std::string::npos)
      << report;
}

TEST_F(EmbeddedPipelineTest, RecordsWaitForAnAgreementThatComesLater) {
  write_records(1, 1);
  run_until_idle();
  EXPECT_TRUE(notifications().empty());
  write_agreements(1);
  run_until_idle();
  // All 31 records were released, but the watermark passed January's end when they were read:
  // January's 30 records are late, February's one opens its window.
  EXPECT_TRUE(notifications().empty());
  const std::string late = read_text(folder_.late_records());
  EXPECT_EQ(std::count(late.begin(), late.end(), '\n'), 30);
}

TEST_F(EmbeddedPipelineTest, ALateRecordIsStoredReportedAndNotCounted) {
  write_agreements(1);
  write_records(1, 1);
  run_until_idle();
  write_text(folder_.incoming_data_records() / "late.csv",
             "late-1;2020-01-15T12:00+01:00[Europe/Warsaw];48917846822;1000\n");
  run_until_idle();
  EXPECT_EQ(notifications().size(), 2u);
  const auto late = nlohmann::json::parse(read_text(folder_.late_records()));
  EXPECT_EQ(late["month"], 1);
  EXPECT_EQ(late["recordedBytes"], 1000);
  EXPECT_EQ(late["recordedAt"], "2020-01-15T11:00Z");
  EmbeddedPipeline pipeline(EmbeddedConfig{folder_});
  const core::Uuid agreement = *core::Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f889");
  EXPECT_EQ(pipeline.data_records().find(agreement, 2020, 1).size(), 31u);
}

}  // namespace
}  // namespace mobilecs::embedded
