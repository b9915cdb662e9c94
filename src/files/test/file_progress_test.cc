#include "files/file_progress.h"

#include <gtest/gtest.h>

namespace mobilecs::files {
namespace {

TEST(FileProgress, RoundTrips) {
  const FileProgress p{FileIdentity{1, 2, 3, -4}, 5, 6, 7, {}};
  EXPECT_EQ(decode_file_progress(encode_file_progress(p)), p);
}

TEST(FileProgress, RoundTripsWithTheLinesRefusedDownstream) {
  const FileProgress p{FileIdentity{1, 2, 3, -4},
                       5,
                       6,
                       7,
                       {{3, "the broker refused it: Broker: Invalid timestamp"}, {5, "too large"}}};
  EXPECT_EQ(decode_file_progress(encode_file_progress(p)), p);
  // Without refused lines it is the first layout, as earlier versions wrote it.
  EXPECT_EQ(encode_file_progress(FileProgress{})[0], 1);
}

TEST(FileProgress, GarbageIsNotProgress) {
  EXPECT_FALSE(decode_file_progress(""));
  EXPECT_FALSE(decode_file_progress("not progress"));
  EXPECT_FALSE(decode_file_progress(encode_file_progress(FileProgress{}) + "x"));
}

}  // namespace
}  // namespace mobilecs::files
