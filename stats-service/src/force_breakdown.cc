#include "stats-service/src/force_breakdown.h"

namespace foi::stats {

Breakdown BreakdownOf(const std::vector<const ReturnFigures*>& returns, const Catalog& catalog) {
  Breakdown breakdown;
  breakdown.totals = RowOf("", returns, OutcomeMask{0});
  breakdown.reports = breakdown.totals.reports;
  for (const OutcomeGroup& group : catalog.outcome_groups()) {
    const OutcomeMask types = MaskOf(group.outcome_types);
    GroupCount count{group.group_id, group.name, group.kind, {}};
    for (const ReturnFigures* r : returns) count.count += NumeratorBounds(*r, types);
    breakdown.groups.push_back(std::move(count));
  }
  GroupCount not_yet_assigned{kNotYetAssigned, "Not yet assigned an outcome", "", {}};
  GroupCount unaccounted{kUnaccounted, "Not broken down by the reply", "", {}};
  GroupCount unknown{kUnknownOutcome, "Outcome not stated", "", {}};
  for (const ReturnFigures* r : returns) {
    not_yet_assigned.count += {r->not_yet_assigned, r->not_yet_assigned};
    unaccounted.count += {r->unaccounted_reports, r->unaccounted_reports};
    unknown.count += {r->unknown_outcome_reports, r->unknown_outcome_reports};
  }
  breakdown.groups.push_back(std::move(not_yet_assigned));
  breakdown.groups.push_back(std::move(unaccounted));
  breakdown.groups.push_back(std::move(unknown));
  return breakdown;
}

}  // namespace foi::stats
