// File: stats-service/src/force_comparison.h
//
// Outcome rates per force from stored figures, without I/O. A numerator is a set of outcome
// types. Where the figures do not fix the numerator (a withheld figure, a line that merges
// types inside and outside the numerator, reports the reply does not break down or whose
// outcome it does not state) it is the interval of every value consistent with them: a
// withheld figure is never read as zero or as any single number. Only rows whose count is
// exact are pooled nationally and ranked; an inexact row still gets what its bounds allow (an
// interval holding every consistent rate, and a funnel position when all of them lie on one
// side of a limit: partial identification, in Manski's sense). Funnel limits are drawn by a
// FunnelMethod (funnel_methods.h). Returns count over their effective periods
// (ReturnFigures::effective_start, effective_end).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "stats-service/src/funnel_methods.h"
#include "stats-service/src/proportion_statistics.h"
#include "stats-service/src/return_figures.h"

namespace foi::stats {

// The fewest and most reports that can have an outcome in the numerator.
struct CountBounds {
  int64_t min = 0;
  int64_t max = 0;
  bool exact() const { return min == max; }
  CountBounds& operator+=(const CountBounds& other) {
    min += other.min;
    max += other.max;
    return *this;
  }
};

// Bounds of the count of reports with an outcome in `numerator`, in one return. Lines bound it
// as the figures allow; unaccounted reports add to the maximum when the numerator holds an
// outcome type that no line names, unknown-outcome reports always; neither adds to the
// minimum, and reports not yet assigned are never in it. An empty numerator counts nothing.
CountBounds NumeratorBounds(const ReturnFigures& figures, OutcomeMask numerator);
inline CountBounds NumeratorBounds(const ReturnFigures& figures,
                                   const std::set<std::string>& numerator) {
  return NumeratorBounds(figures, MaskOf({numerator.begin(), numerator.end()}));
}

// Which returns a question is about: those whose effective period lies in [start, end], or
// with allow_partial, those that share a day with it.
struct Window {
  absl::CivilDay start;
  absl::CivilDay end;
  bool allow_partial = false;
};

// A force's returns for a window: those used, and those touching it but not used.
struct Selection {
  std::vector<const ReturnFigures*> used;
  std::vector<const ReturnFigures*> not_covered;
};

// `returns` are one force's returns of one offence.
Selection SelectReturns(const std::vector<const ReturnFigures*>& returns, const Window& window);

// kUndetermined: an inexact row whose consistent rates straddle a 95% limit.
enum class FunnelPosition {
  kAbove998,
  kAbove95,
  kWithin,
  kBelow95,
  kBelow998,
  kNotComparable,
  kUndetermined
};

struct ForceRow {
  std::string force_id;  // empty on the national row
  int64_t reports = 0;
  CountBounds count;
  // The earliest effective start and the latest effective end of `returns`.
  absl::CivilDay period_start;
  absl::CivilDay period_end;
  std::vector<const ReturnFigures*> returns;
  // The Wilson interval of an exact row; of an inexact one, the Wilson lower limit at the
  // fewest and the upper limit at the most reports in the numerator. Rows with reports only.
  std::optional<Interval> ci;
  std::optional<Interval> funnel_95;
  std::optional<Interval> funnel_998;
  FunnelPosition position = FunnelPosition::kNotComparable;
  int rank = 0;  // 0: not ranked

  // count / reports when the count is exact and there are reports.
  std::optional<double> rate() const;
  double rate_min() const { return reports == 0 ? 0 : static_cast<double>(count.min) / reports; }
  double rate_max() const { return reports == 0 ? 0 : static_cast<double>(count.max) / reports; }
};

enum class ExclusionReason { kNoReturn, kPeriodNotCovered, kFiguresWithheld };

struct Exclusion {
  std::string force_id;
  ExclusionReason reason;
  // In words. For kFiguresWithheld: what leaves the count open, its bounds, and the exemptions
  // the returns cite ("... leave the count between 0 and 524; withheld under s12").
  std::string detail;
};

struct Comparison {
  std::vector<ForceRow> rows;  // ordered by force id
  // The exact rows pooled: its rate is the funnel's target.
  ForceRow national;
  // Every row's reports and count bounds, exact or not: how far the inexact rows could move
  // the national rate.
  int64_t all_reports = 0;
  CountBounds all_count;
  std::vector<Exclusion> excluded;  // ordered by force id
  FunnelMethod method = FunnelMethod::kBinomial;
  Overdispersion overdispersion;  // estimated from the exact rows, for `method`
};

// Sums the figures of `returns` into a row for `force_id`.
ForceRow RowOf(const std::string& force_id, const std::vector<const ReturnFigures*>& returns,
               OutcomeMask numerator);

// Compares every force of `force_ids`, given each force's returns of one offence by
// `returns_of_force`, with Wilson intervals at normal quantile `z` and funnel limits drawn by
// `method` around the national rate.
Comparison CompareForces(
    const std::vector<std::string>& force_ids,
    const std::function<std::vector<const ReturnFigures*>(const std::string&)>& returns_of_force,
    const std::set<std::string>& numerator, const Window& window, double z,
    FunnelMethod method = FunnelMethod::kBinomial);

}  // namespace foi::stats
