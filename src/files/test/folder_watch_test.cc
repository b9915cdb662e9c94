#include "files/folder_watch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stop_token>

#include "testing/temp_dir.h"

namespace mobilecs::files {
namespace {

using namespace std::chrono_literals;
using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

// The waits below would last a minute if nothing woke them; each test checks what did.
constexpr auto kLongWait = 60s;

TEST(FolderWatch, AFileRenamedInWakesTheWait) {
  TempDir dir;
  write_text(dir / "tmp_idr_000.csv", "line\n");
  FolderWatch watch({dir.path()});
  ASSERT_TRUE(watch.watching());
  std::stop_source stop;
  auto waited = std::async(std::launch::async, [&] {
    const auto started = std::chrono::steady_clock::now();
    const bool not_stopped = watch.wait(stop.get_token(), kLongWait);
    return std::make_pair(not_stopped, std::chrono::steady_clock::now() - started);
  });
  std::filesystem::rename(dir / "tmp_idr_000.csv", dir / "idr_000.csv");
  const auto [not_stopped, took] = waited.get();
  EXPECT_TRUE(not_stopped);
  EXPECT_LT(took, kLongWait / 2) << "woken by the rename, not by the timeout";
}

TEST(FolderWatch, AChangeBetweenTwoWaitsIsNotMissed) {
  TempDir dir;
  FolderWatch watch({dir.path()});
  write_text(dir / "idr_000.csv", "line\n");  // while nobody waits
  std::stop_source stop;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(watch.wait(stop.get_token(), kLongWait));
  EXPECT_LT(std::chrono::steady_clock::now() - started, kLongWait / 2);
}

TEST(FolderWatch, AStopRequestEndsTheWait) {
  TempDir dir;
  FolderWatch watch({dir.path()});
  std::stop_source stop;
  auto waited = std::async(std::launch::async, [&] {
    const auto started = std::chrono::steady_clock::now();
    const bool not_stopped = watch.wait(stop.get_token(), kLongWait);
    return std::make_pair(not_stopped, std::chrono::steady_clock::now() - started);
  });
  stop.request_stop();
  const auto [not_stopped, took] = waited.get();
  EXPECT_FALSE(not_stopped);
  EXPECT_LT(took, kLongWait / 2);
}

TEST(FolderWatch, AMissingFolderFallsBackToTheTimeout) {
  TempDir dir;
  FolderWatch watch({dir / "missing"});
  EXPECT_FALSE(watch.watching());
  std::stop_source stop;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(watch.wait(stop.get_token(), 50ms));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 50ms);
}

}  // namespace
}  // namespace mobilecs::files
