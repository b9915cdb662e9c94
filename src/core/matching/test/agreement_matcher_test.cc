#include "core/matching/agreement_matcher.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

AgreementTerms terms(std::uint8_t id, std::int64_t start, std::int64_t signed_at) {
  AgreementTerms t;
  t.id.bytes[15] = id;
  t.service_start_at = Instant{start, 0};
  t.signed_at = Instant{signed_at, 0};
  return t;
}

TEST(AgreementMatcher, MatchesOnlyAgreementsWhoseServiceStartedStrictlyBefore) {
  AgreementMatcher m;
  m.upsert(terms(1, 100, 50));
  EXPECT_EQ(m.match(Instant{100, 0}), nullptr);
  EXPECT_EQ(m.match(Instant{99, 999'999'999}), nullptr);
  ASSERT_NE(m.match(Instant{100, 1}), nullptr);
  EXPECT_EQ(m.match(Instant{100, 1})->id.bytes[15], 1);
}

TEST(AgreementMatcher, PrefersTheLatestServiceStartThenTheLatestSignature) {
  AgreementMatcher m;
  m.upsert(terms(1, 100, 50));
  m.upsert(terms(2, 200, 40));
  m.upsert(terms(3, 200, 60));
  m.upsert(terms(4, 300, 10));
  EXPECT_EQ(m.match(Instant{150, 0})->id.bytes[15], 1);
  EXPECT_EQ(m.match(Instant{250, 0})->id.bytes[15], 3);  // tie on start: latest signedAt
  EXPECT_EQ(m.match(Instant{301, 0})->id.bytes[15], 4);
}

TEST(AgreementMatcher, FullTiesAreBrokenByIdWhateverTheArrivalOrder) {
  AgreementMatcher a;
  a.upsert(terms(1, 100, 50));
  a.upsert(terms(2, 100, 50));
  AgreementMatcher b;
  b.upsert(terms(2, 100, 50));
  b.upsert(terms(1, 100, 50));
  EXPECT_EQ(a.match(Instant{101, 0})->id, b.match(Instant{101, 0})->id);
}

TEST(AgreementMatcher, UpsertReplacesTheSameId) {
  AgreementMatcher m;
  m.upsert(terms(1, 100, 50));
  AgreementTerms changed = terms(1, 500, 50);
  m.upsert(changed);
  EXPECT_EQ(m.agreements().size(), 1u);
  EXPECT_EQ(m.match(Instant{200, 0}), nullptr);
}

}  // namespace
}  // namespace mobilecs::core
