// Latency of `mobilecs run`: from the rename of a file into the incoming folder to its
// DATA_PLAN_EXCEEDED line in data-records-aggregates.jsonl. Starts `mobilecs run` over a data
// folder with the agreements, then drops one file at a time, each with one record over its
// subscriber's plan. Prints p50, p99 and max.
//   build/bench/embedded_latency [TRIALS] [MOBILECS_BINARY]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/codec/agreement_json.h"
#include "generator/agreements_generator.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

using namespace mobilecs;
using Clock = std::chrono::steady_clock;

namespace {

// Lines appended to `path` since `offset` (advanced past them).
std::vector<std::string> new_lines(const std::filesystem::path& path, std::streamoff& offset) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  if (!in) return lines;
  in.seekg(offset);
  for (std::string line; std::getline(in, line) && !in.eof();) {
    offset += static_cast<std::streamoff>(line.size()) + 1;
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  const int trials = argc > 1 ? std::stoi(argv[1]) : 200;
  const std::string binary = argc > 2 ? argv[2] : "build/src/app/mobilecs";
  testing::TempDir dir;
  generator::AgreementsGenerator generator;
  std::vector<core::Agreement> agreements;
  std::string agreement_lines;
  for (int i = 0; i < trials; ++i) {
    agreements.push_back(generator.next());
    agreement_lines += core::agreement_to_json(agreements.back()) + "\n";
  }
  testing::write_text(dir / "data" / "agreements" / "agreements.jsonl", agreement_lines);
  const auto incoming = dir / "data" / "incoming-data-records";
  std::filesystem::create_directories(incoming);
  testing::Process run({binary, "run", "--data-dir", (dir / "data").string()},
                       (dir / "run").string());
  // Let it settle: the agreements read (their file set aside).
  while (!std::filesystem::exists(dir / "data" / "agreements" / "processed" / "agreements.jsonl")) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto notifications = dir / "data" / "data-records-aggregates.jsonl";
  std::streamoff offset = 0;

  std::vector<double> latencies_ms;
  for (int i = 0; i < trials; ++i) {
    const core::Agreement& a = agreements[static_cast<std::size_t>(i)];
    const std::string line =
        fmt::format("latency-{};2020-01-{:02}T12:00+01:00[Europe/Warsaw];{};{}\n", i, 2 + i % 28,
                    a.msisdn, 11LL << 30);
    const auto tmp = incoming / fmt::format("tmp-{}.csv", i);
    testing::write_text(tmp, line);
    const auto renamed = Clock::now();
    std::filesystem::rename(tmp, incoming / fmt::format("latency-{}.csv", i));
    const std::string wanted = fmt::format("\"key\":\"{}\"", a.id.to_string());
    for (bool seen = false; !seen;) {
      for (const std::string& l : new_lines(notifications, offset)) {
        seen = seen || (l.find(wanted) != std::string::npos &&
                        l.find("DATA_PLAN_EXCEEDED") != std::string::npos);
      }
      if (seen) break;
      if (Clock::now() - renamed > std::chrono::seconds(60)) {
        fmt::print(stderr, "no notification for trial {} within 60 s\n", i);
        return 1;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - renamed).count());
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto at = [&](double q) {
    return latencies_ms[static_cast<std::size_t>(q * (latencies_ms.size() - 1))];
  };
  fmt::print("{} files: rename to DATA_PLAN_EXCEEDED p50 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms\n",
             trials, at(0.5), at(0.99), latencies_ms.back());
  run.signal(SIGTERM);
  return 0;
}
