// File: stats-service/src/force_breakdown.h
//
// How one force's reports ended, outcome group by outcome group, without I/O. A line that
// merges types of several groups, or a withheld figure, makes each group's count an interval.
#pragma once

#include <string>
#include <vector>

#include "common/catalog.h"
#include "stats-service/src/force_comparison.h"

namespace foi::stats {

inline constexpr char kNotYetAssigned[] = "not-yet-assigned";

struct GroupCount {
  std::string group_id;  // an outcome group id, or kNotYetAssigned
  std::string name;
  std::string kind;  // "action-taken", "no-further-action"; empty for not yet assigned
  CountBounds count;
};

struct Breakdown {
  int64_t reports = 0;
  std::vector<GroupCount> groups;  // framework order, then not yet assigned
  ForceRow totals;                 // period covered and returns used
};

Breakdown BreakdownOf(const std::vector<const ReturnFigures*>& returns, const Catalog& catalog);

}  // namespace foi::stats
