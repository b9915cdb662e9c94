#include "generator/agreements_generator.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/codec/agreement_json.h"
#include "generator/test/oracle.h"

namespace mobilecs::generator {
namespace {

TEST(AgreementsGenerator, TheFirstAgreementIsTheSpecsSubscriber) {
  AgreementsGenerator g;
  EXPECT_EQ(core::agreement_to_json(g.next()),
            R"({"id":"0b12c601-9287-3f5c-a78c-df508fe0f889","msisdn":"48917846822",)"
            R"("signedAt":"2019-12-20T00:00+01:00[Europe/Warsaw]",)"
            R"("serviceStartAt":"2020-01-01T00:00+01:00[Europe/Warsaw]",)"
            R"("billingPeriodTimeZone":"Europe/Warsaw","maxBytesInBillingPeriod":5368709120})");
}

TEST(AgreementsGenerator, MatchesTheJdkOracleForAThousandAgreements) {
  std::istringstream expected(testing::run_oracle("agreements 1000"));
  AgreementsGenerator g;
  std::string line;
  int count = 0;
  while (std::getline(expected, line)) {
    ASSERT_EQ(core::agreement_to_json(g.next()), line) << "agreement " << count;
    ++count;
  }
  EXPECT_EQ(count, 1000);
}

}  // namespace
}  // namespace mobilecs::generator
