#pragma once

#include <stdexcept>
#include <string>

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

}  // namespace mobilecs::store
