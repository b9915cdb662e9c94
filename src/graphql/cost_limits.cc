#include "graphql/cost_limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace mobilecs::graphql {
namespace {

struct Exceeded {
  Error error;
};

// Walks what a document asks for with every fragment spread expanded where it stands (before
// the merging execution does: that is what a hostile document counts on), and stops as soon as a
// limit is passed, so the walk itself costs at most about the limits.
class CostWalk {
 public:
  CostWalk(const Document& doc, const CostLimits& limits) : doc_(doc), limits_(limits) {}

  void walk(const SelectionSet& set, std::size_t depth) {
    for (const auto& s : set) {
      count_visit();
      switch (s.kind) {
        case Selection::Kind::kField:
          if (s.selection_set.empty()) break;
          if (depth + 1 > limits_.max_depth) {
            throw Exceeded{too_complex(
                fmt::format("The query nests fields deeper than {} levels once its fragments are "
                            "expanded.",
                            limits_.max_depth),
                "maxDepth", limits_.max_depth)};
          }
          walk(s.selection_set, depth + 1);
          break;
        case Selection::Kind::kInlineFragment:
          walk(s.selection_set, depth);
          break;
        case Selection::Kind::kFragmentSpread: {
          const FragmentDefinition* f = doc_.fragment(s.name);
          // A spread of itself is a validation error, reported later; not a loop here.
          if (f == nullptr ||
              std::find(spreading_.begin(), spreading_.end(), s.name) != spreading_.end()) {
            break;
          }
          spreading_.push_back(s.name);
          walk(f->selection_set, depth);
          spreading_.pop_back();
          break;
        }
      }
    }
  }

 private:
  void count_visit() {
    if (++visits_ > limits_.max_field_visits) {
      throw Exceeded{too_complex(
          fmt::format("The query asks for more than {} fields once its fragments are expanded; "
                      "ask for fewer.",
                      limits_.max_field_visits),
          "maxFieldVisits", limits_.max_field_visits)};
    }
  }

  const Document& doc_;
  const CostLimits& limits_;
  std::size_t visits_ = 0;
  std::vector<std::string> spreading_;
};

std::size_t count_aliases(const SelectionSet& set) {
  std::size_t count = 0;
  for (const auto& s : set) count += !s.alias.empty() + count_aliases(s.selection_set);
  return count;
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

Error too_complex(std::string message, std::string_view limit, std::size_t max) {
  return Error{std::move(message),
               {},
               nullptr,
               Json{{"code", "QUERY_TOO_COMPLEX"}, {"limit", limit}, {"max", max}}};
}

std::size_t count_tokens(std::string_view s, std::size_t stop_after) {
  std::size_t tokens = 0;
  std::size_t i = 0;
  while (i < s.size() && tokens <= stop_after) {
    const char c = s[i];
    if (c == '#') {  // a comment, to the end of the line
      while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
    } else if (std::isspace(static_cast<unsigned char>(c)) || c == ',' ||
               static_cast<unsigned char>(c) == 0xEF) {  // ignored (or a BOM's first byte)
      ++i;
    } else if (c == '"') {
      ++tokens;
      const bool block = s.substr(i, 3) == "\"\"\"";
      i += block ? 3 : 1;
      while (i < s.size()) {
        if (block ? s.substr(i, 3) == "\"\"\"" : s[i] == '"') {
          i += block ? 3 : 1;
          break;
        }
        i += s[i] == '\\' ? 2 : 1;
      }
    } else if (name_char(c) || c == '-') {
      ++tokens;
      while (i < s.size() && (name_char(s[i]) || s[i] == '.' || s[i] == '-' || s[i] == '+')) ++i;
    } else {
      ++tokens;
      i += s.substr(i, 3) == "..." ? 3 : 1;
    }
  }
  return tokens;
}

std::vector<Error> check_cost(const Document& doc, const CostLimits& limits) {
  std::size_t aliases = 0;
  for (const auto& op : doc.operations) aliases += count_aliases(op.selection_set);
  for (const auto& f : doc.fragments) aliases += count_aliases(f.selection_set);
  if (aliases > limits.max_aliases) {
    return {too_complex(fmt::format("The query uses {} aliases, more than the {} allowed.", aliases,
                                    limits.max_aliases),
                        "maxAliases", limits.max_aliases)};
  }
  try {
    for (const auto& op : doc.operations) CostWalk(doc, limits).walk(op.selection_set, 1);
  } catch (const Exceeded& e) {
    return {e.error};
  }
  return {};
}

}  // namespace mobilecs::graphql
