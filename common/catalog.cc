#include "common/catalog.h"

#include <utility>

namespace foi {
namespace {

template <typename T, typename KeyOf>
std::map<std::string, size_t, std::less<>> IndexBy(const std::vector<T>& items, KeyOf key_of) {
  std::map<std::string, size_t, std::less<>> index;
  for (size_t i = 0; i < items.size(); ++i) index.emplace(key_of(items[i]), i);
  return index;
}

template <typename T>
const T* Lookup(const std::vector<T>& items,
                const std::map<std::string, size_t, std::less<>>& index, absl::string_view key) {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &items[it->second];
}

}  // namespace

Catalog::Catalog(std::vector<Force> forces, std::vector<Offence> offences,
                 std::vector<OutcomeType> outcome_types, std::vector<OutcomeGroup> outcome_groups,
                 OutcomeSynonyms outcome_synonyms, ForceAliases force_aliases)
    : forces_(std::move(forces)),
      offences_(std::move(offences)),
      outcome_types_(std::move(outcome_types)),
      outcome_groups_(std::move(outcome_groups)),
      outcome_synonyms_(std::move(outcome_synonyms)),
      force_aliases_(std::move(force_aliases)),
      force_index_(IndexBy(forces_, [](const Force& f) { return f.force_id; })),
      offence_index_(IndexBy(offences_, [](const Offence& o) { return o.offence_id; })),
      outcome_type_index_(IndexBy(outcome_types_, [](const OutcomeType& t) { return t.code; })) {}

const Force* Catalog::FindForce(absl::string_view force_id) const {
  return Lookup(forces_, force_index_, force_id);
}

const Offence* Catalog::FindOffence(absl::string_view offence_id) const {
  return Lookup(offences_, offence_index_, offence_id);
}

const OutcomeType* Catalog::FindOutcomeType(absl::string_view code) const {
  return Lookup(outcome_types_, outcome_type_index_, code);
}

std::optional<std::set<std::string>> Catalog::OutcomeTypesOfGroup(
    absl::string_view group_id) const {
  const bool derived = group_id == kActionTaken || group_id == kNoFurtherAction;
  std::set<std::string> types;
  bool found = false;
  for (const OutcomeGroup& group : outcome_groups_) {
    if (derived ? group.kind == group_id : group.group_id == group_id) {
      found = true;
      types.insert(group.outcome_types.begin(), group.outcome_types.end());
    }
  }
  if (!found) return std::nullopt;
  return types;
}

}  // namespace foi
