#pragma once

#include <filesystem>
#include <optional>

namespace mobilecs::app {

// `mobilecs demo [--data-dir D]`: generates the reference data set (one agreement, one month)
// into D, runs the embedded pipeline until idle and prints each notification as
// `CreateTime:<ms>\t<json>`. Returns the process exit code.
int run_demo(const std::optional<std::filesystem::path>& data_dir);

}  // namespace mobilecs::app
