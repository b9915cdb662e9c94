#include "core/matching/agreement_matcher.h"

#include <algorithm>
#include <tuple>

namespace mobilecs::core {
namespace {

bool preferred(const AgreementTerms& a, const AgreementTerms& b) {
  return std::tie(a.service_start_at, a.signed_at, a.id) >
         std::tie(b.service_start_at, b.signed_at, b.id);
}

}  // namespace

void AgreementMatcher::upsert(const AgreementTerms& terms) {
  agreements_.erase(std::remove_if(agreements_.begin(), agreements_.end(),
                                   [&](const AgreementTerms& a) { return a.id == terms.id; }),
                    agreements_.end());
  agreements_.insert(std::upper_bound(agreements_.begin(), agreements_.end(), terms, preferred),
                     terms);
}

const AgreementTerms* AgreementMatcher::match(Instant recorded_at) const {
  for (const AgreementTerms& a : agreements_) {
    if (a.service_start_at < recorded_at) {
      return &a;
    }
  }
  return nullptr;
}

const AgreementTerms* AgreementMatcher::find(const Uuid& id) const {
  for (const AgreementTerms& a : agreements_) {
    if (a.id == id) {
      return &a;
    }
  }
  return nullptr;
}

}  // namespace mobilecs::core
