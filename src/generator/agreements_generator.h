#pragma once

#include "core/model/agreement.h"
#include "generator/java_random.h"
#include "generator/reference_sequences.h"

namespace mobilecs::generator {

// The reference sequence of agreements (docs/reference-data.md). One object continues the sequence
// across batches, as the reference's generator did.
class AgreementsGenerator {
 public:
  core::Agreement next();

 private:
  JavaRandom ids_{kAgreementIdSeed};
  JavaRandom signed_{55701923};
  JavaRandom msisdns_{kMsisdnSeed};
  JavaRandom plans_{73244573};
};

}  // namespace mobilecs::generator
