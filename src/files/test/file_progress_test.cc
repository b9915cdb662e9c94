#include "files/file_progress.h"

#include <gtest/gtest.h>

namespace mobilecs::files {
namespace {

TEST(FileProgress, RoundTrips) {
  const FileProgress p{FileIdentity{1, 2, 3, -4}, 5, 6, 7};
  EXPECT_EQ(decode_file_progress(encode_file_progress(p)), p);
}

TEST(FileProgress, GarbageIsNotProgress) {
  EXPECT_FALSE(decode_file_progress(""));
  EXPECT_FALSE(decode_file_progress("not progress"));
  EXPECT_FALSE(decode_file_progress(encode_file_progress(FileProgress{}) + "x"));
}

}  // namespace
}  // namespace mobilecs::files
