// File: common/catalog.h
//
// The reference data every figure is checked against: forces, offences, Home Office outcome
// types and the groups they fall into. Loaded once from the database (common/db/catalog_loader.h)
// and then read-only, so it is safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/time/civil_time.h"

namespace foi {

struct Force {
  std::string force_id;
  std::string name;
  std::string nation;
  std::string ons_area_code;  // empty where ONS has none
};

struct Offence {
  std::string offence_id;
  std::string name;
  std::string legal_basis;
  std::string home_office_code;  // empty where unknown
  absl::CivilDay in_force_from;
  std::optional<absl::CivilDay> in_force_until;
  std::string succeeded_by;  // empty when nothing replaced it
};

struct OutcomeType {
  std::string code;  // "1", "1A", ... "22"
  std::string name;
  std::string group_id;
  // The first day the type was part of the framework.
  absl::CivilDay introduced_on = absl::CivilDay(2014, 4, 1);
};

struct OutcomeGroup {
  std::string group_id;
  std::string name;
  std::string kind;  // kActionTaken or kNoFurtherAction
  std::vector<std::string> outcome_types;
};

// The two kinds of group, which double as the ids of the derived groups that unite them.
inline constexpr absl::string_view kActionTaken = "action-taken";
inline constexpr absl::string_view kNoFurtherAction = "no-further-action";

class Catalog {
 public:
  // Labels forces use for outcomes, normalised, to the outcome types they mean.
  using OutcomeSynonyms = std::map<std::string, std::vector<std::string>, std::less<>>;
  // Names forces go by, normalised, to force ids.
  using ForceAliases = std::map<std::string, std::string, std::less<>>;

  // Empty, until assigned a loaded one (services start before their database answers).
  Catalog() = default;
  Catalog(std::vector<Force> forces, std::vector<Offence> offences,
          std::vector<OutcomeType> outcome_types, std::vector<OutcomeGroup> outcome_groups,
          OutcomeSynonyms outcome_synonyms = {}, ForceAliases force_aliases = {});

  const std::vector<Force>& forces() const { return forces_; }
  const std::vector<Offence>& offences() const { return offences_; }
  const std::vector<OutcomeType>& outcome_types() const { return outcome_types_; }
  const std::vector<OutcomeGroup>& outcome_groups() const { return outcome_groups_; }
  const OutcomeSynonyms& outcome_synonyms() const { return outcome_synonyms_; }
  const ForceAliases& force_aliases() const { return force_aliases_; }

  // Each returns nullptr when the id is unknown.
  const Force* FindForce(absl::string_view force_id) const;
  const Offence* FindOffence(absl::string_view offence_id) const;
  const OutcomeType* FindOutcomeType(absl::string_view code) const;

  // The outcome types of a group id, or of the derived "action-taken" / "no-further-action";
  // nullopt for an unknown id.
  std::optional<std::set<std::string>> OutcomeTypesOfGroup(absl::string_view group_id) const;

 private:
  std::vector<Force> forces_;
  std::vector<Offence> offences_;
  std::vector<OutcomeType> outcome_types_;
  std::vector<OutcomeGroup> outcome_groups_;
  OutcomeSynonyms outcome_synonyms_;
  ForceAliases force_aliases_;
  std::map<std::string, size_t, std::less<>> force_index_;
  std::map<std::string, size_t, std::less<>> offence_index_;
  std::map<std::string, size_t, std::less<>> outcome_type_index_;
};

}  // namespace foi
