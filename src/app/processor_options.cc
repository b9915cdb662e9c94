#include "app/commands.h"

namespace mobilecs::app {

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
}

}  // namespace mobilecs::app
