// File: stats-service/src/force_breakdown.h
//
// How one force's reports ended, outcome group by outcome group, without I/O. A line that
// merges types of several groups, or a withheld figure, makes each group's count an interval;
// so do reports the reply leaves unexplained, which may lie in a group without surely doing so.
#pragma once

#include <string>
#include <vector>

#include "common/catalog.h"
#include "stats-service/src/force_comparison.h"

namespace foi::stats {

// The shares after the outcome groups: reports not yet assigned an outcome, reports the reply
// does not break down (ReturnFigures::unaccounted_reports) and reports whose outcome it does not
// state (unknown_outcome_reports). Each is exact.
inline constexpr char kNotYetAssigned[] = "not-yet-assigned";
inline constexpr char kUnaccounted[] = "unaccounted";
inline constexpr char kUnknownOutcome[] = "unknown-outcome";

struct GroupCount {
  std::string group_id;  // an outcome group id, kNotYetAssigned, kUnaccounted or kUnknownOutcome
  std::string name;
  std::string kind;  // "action-taken", "no-further-action"; empty for the last three
  CountBounds count;
};

struct Breakdown {
  int64_t reports = 0;
  // Framework order, then not yet assigned, unaccounted and unknown outcome. A group's maximum
  // includes the unaccounted reports when it holds a type no line of a return names, and the
  // unknown-outcome reports always (NumeratorBounds).
  std::vector<GroupCount> groups;
  ForceRow totals;  // period covered and returns used
};

Breakdown BreakdownOf(const std::vector<const ReturnFigures*>& returns, const Catalog& catalog);

}  // namespace foi::stats
