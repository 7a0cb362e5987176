#include "stats-service/src/comparison_service.h"

#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/field_violations.h"
#include "common/iso_date.h"

namespace foi::stats {
namespace {

std::optional<absl::CivilDay> CheckDate(const std::string& field, const std::string& text,
                                        std::vector<FieldViolation>& violations) {
  std::optional<absl::CivilDay> day = ParseIsoDate(text);
  if (!day) {
    violations.push_back(
        {field, absl::StrCat("'", text, "' is not a date in the form YYYY-MM-DD")});
  }
  return day;
}

std::set<std::string> ResolveNumerator(const ComparisonRequest& request, const Catalog& catalog,
                                       std::vector<FieldViolation>& violations) {
  const bool by_group = !request.outcome_group.empty();
  const bool by_types = !request.outcome_types.empty();
  if (by_group == by_types) {
    violations.push_back({"outcome_group", "give either outcome_group or outcome_types"});
    return {};
  }
  if (by_group) {
    auto types = catalog.OutcomeTypesOfGroup(request.outcome_group);
    if (!types) {
      violations.push_back(
          {"outcome_group", absl::StrCat("unknown outcome group '", request.outcome_group, "'")});
      return {};
    }
    return *types;
  }
  std::set<std::string> types;
  for (size_t i = 0; i < request.outcome_types.size(); ++i) {
    const std::string& code = request.outcome_types[i];
    if (catalog.FindOutcomeType(code) == nullptr) {
      violations.push_back({absl::StrCat("outcome_types[", i, "]"),
                            absl::StrCat("unknown outcome type '", code, "'")});
    }
    types.insert(code);
  }
  return types;
}

}  // namespace

absl::StatusOr<Comparison> ComparisonService::CompareForces(const ComparisonRequest& request) {
  std::vector<FieldViolation> violations;
  if (catalog_.FindOffence(request.offence_id) == nullptr) {
    violations.push_back(
        {"offence_id", absl::StrCat("unknown offence '", request.offence_id, "'")});
  }
  const std::optional<absl::CivilDay> start =
      CheckDate("period_start", request.period_start, violations);
  const std::optional<absl::CivilDay> end = CheckDate("period_end", request.period_end, violations);
  if (start && end && *end < *start) {
    violations.push_back({"period_end", "the window ends before it starts"});
  }
  const std::set<std::string> numerator = ResolveNumerator(request, catalog_, violations);
  if (!violations.empty()) {
    return InvalidArgumentWithViolations("invalid comparison request", violations);
  }
  absl::StatusOr<std::vector<ReturnFigures>> returns =
      store_.ActiveReturnsInside(request.offence_id, *start, *end);
  if (!returns.ok()) return returns.status();
  return stats::CompareForces(*returns, numerator);
}

}  // namespace foi::stats
