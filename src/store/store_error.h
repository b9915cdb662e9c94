#pragma once

#include <exception>
#include <stdexcept>
#include <string>

#include "runtime/retry.h"

namespace mobilecs::store {

// A store could not do what was asked. `retryable` tells a transient failure (the server is
// unreachable, a timeout) from one that will not go away by trying again.
class StoreError : public std::runtime_error {
 public:
  StoreError(const std::string& what, bool retryable)
      : std::runtime_error(what), retryable_(retryable) {}
  bool retryable() const { return retryable_; }

 private:
  bool retryable_;
};

// The store's classifier for runtime::retry_with_mitigation: a retryable StoreError is tried
// again (the store client holds no state to repair); anything else goes to the caller.
inline runtime::Recovery retry_while_retryable(const std::exception& failure) {
  const auto* error = dynamic_cast<const StoreError*>(&failure);
  return error != nullptr && error->retryable() ? runtime::Recovery::kRetry
                                                : runtime::Recovery::kGiveUp;
}

}  // namespace mobilecs::store
