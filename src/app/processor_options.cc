#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "app/commands.h"
#include "core/codec/usage_policy_json.h"

namespace mobilecs::app {

core::UsagePolicy read_usage_policy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw CLI::ValidationError("--usage-policy",
                               fmt::format("cannot read usage policy file '{}'", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  core::UsagePolicy policy;
  std::string error;
  if (!core::parse_usage_policy_json(text.str(), policy, error)) {
    throw CLI::ValidationError("--usage-policy", fmt::format("{}: {}", path, error));
  }
  return policy;
}

void log_usage_policy(const core::ProcessorConfig& processor) {
  if (processor.usage_policy) {
    spdlog::info("usage policy for agreements without their own: {}",
                 core::usage_policy_to_json(*processor.usage_policy));
  }
}

void add_processor_options(CLI::App& command, core::ProcessorConfig& processor) {
  command
      .add_option("--allowed-out-of-orderness-ms", processor.allowed_out_of_orderness,
                  "How long the watermark waits for late records")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command
      .add_option("--idle-timeout-ms", processor.idle_timeout,
                  "Quiet time after which a caught-up input (a partition) stops holding the "
                  "watermark back")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  add_usage_policy_option(command, processor.usage_policy);
}

void add_usage_policy_option(CLI::App& command, std::optional<core::UsagePolicy>& policy) {
  command
      .add_option_function<std::string>(
          "--usage-policy",
          [&policy](const std::string& path) { policy = read_usage_policy(path); },
          "JSON file of usage alerts for agreements without a policy of their own: thresholds, "
          "a step above the plan, a forecast (docs/semantics.md)")
      ->envname("MOBILECS_USAGE_POLICY");
}

}  // namespace mobilecs::app
