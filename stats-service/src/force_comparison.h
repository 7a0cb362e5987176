// File: stats-service/src/force_comparison.h
//
// Outcome rates per force, computed from stored figures without I/O. A numerator is a set of
// outcome types. Where the figures do not fix the numerator (a withheld figure, or a line that
// merges types inside and outside the numerator) it is reported as the interval of every value
// consistent with them: a withheld figure is never read as zero or as any single number.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "stats-service/src/return_figures.h"

namespace foi::stats {

// The fewest and most reports that can have an outcome in the numerator.
struct CountBounds {
  int64_t min = 0;
  int64_t max = 0;
  bool exact() const { return min == max; }
};

struct ForceRow {
  std::string force_id;  // empty on the national row
  int64_t reports = 0;
  CountBounds count;
  // count / reports when the count is exact and there are reports.
  std::optional<double> rate() const;
};

struct Comparison {
  // One row per force, ordered by force id.
  std::vector<ForceRow> rows;
  // The exact rows pooled.
  ForceRow national;
};

// Bounds of the numerator in one return.
CountBounds NumeratorBounds(const ReturnFigures& figures, const std::set<std::string>& numerator);

// Rows for the forces of `returns` (a force's returns are summed) and the national pool.
Comparison CompareForces(const std::vector<ReturnFigures>& returns,
                         const std::set<std::string>& numerator);

}  // namespace foi::stats
