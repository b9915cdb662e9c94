#include "generator/java_random.h"

#include <gtest/gtest.h>

#include <bit>

namespace mobilecs::generator {
namespace {

// Vectors printed by JDK 17 (tools/reference/ReferenceDataSet.java random SEED):
// nextInt(), nextInt(7), nextInt(1 << 20), nextDouble() bits, nextBytes(5).
struct Vector {
  std::int64_t seed;
  std::int32_t next_int, next_int_7, next_int_pow2;
  std::int64_t double_bits;
  std::int8_t bytes[5];
};

class JavaRandomVectors : public ::testing::TestWithParam<Vector> {};

TEST_P(JavaRandomVectors, MatchesTheJdk) {
  const Vector& v = GetParam();
  JavaRandom r(v.seed);
  EXPECT_EQ(r.next_int(), v.next_int);
  EXPECT_EQ(r.next_int(7), v.next_int_7);
  EXPECT_EQ(r.next_int(1 << 20), v.next_int_pow2);
  EXPECT_EQ(std::bit_cast<std::int64_t>(r.next_double()), v.double_bits);
  std::uint8_t bytes[5];
  r.next_bytes(bytes, 5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(static_cast<std::int8_t>(bytes[i]), v.bytes[i]) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Jdk17, JavaRandomVectors,
    ::testing::Values(
        Vector{42, -1170105035, 5, 716411, 4587069603011894896, {75, -69, 43, -15, -125}},
        Vector{-7, 1155869324, 0, 705881, 4606694638226244290, {-33, 41, 124, 37, 62}}),
    [](const ::testing::TestParamInfo<Vector>& info) {
      return "Seed" + std::string(info.param.seed < 0 ? "Minus" : "") +
             std::to_string(info.param.seed < 0 ? -info.param.seed : info.param.seed);
    });

TEST(JavaRandom, NextIntStaysInBoundForAwkwardBounds) {
  JavaRandom r(1);
  for (int i = 0; i < 10000; ++i) {
    const std::int32_t v = r.next_int(1'500'000'001);
    ASSERT_GE(v, 0);
    ASSERT_LT(v, 1'500'000'001);
  }
}

}  // namespace
}  // namespace mobilecs::generator
