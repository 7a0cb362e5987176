#include "stats-service/src/force_comparison.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/iso_date.h"

namespace foi::stats {
namespace {

// Where the rates from `lowest` to `highest` lie against the limits: beyond a limit only when
// every one of them is, within when every one is inside the 95% limits, else undetermined. An
// exact rate is the case lowest == highest, and is never undetermined.
FunnelPosition PositionOf(double lowest, double highest, const Interval& limits_95,
                          const Interval& limits_998) {
  if (lowest > limits_998.upper) return FunnelPosition::kAbove998;
  if (lowest > limits_95.upper) return FunnelPosition::kAbove95;
  if (highest < limits_998.lower) return FunnelPosition::kBelow998;
  if (highest < limits_95.lower) return FunnelPosition::kBelow95;
  if (lowest >= limits_95.lower && highest <= limits_95.upper) return FunnelPosition::kWithin;
  return FunnelPosition::kUndetermined;
}

// The interval of every rate consistent with `count` out of `reports` at quantile z: Wilson's
// lower limit at the fewest, and its upper limit at the most.
Interval IntervalOf(const CountBounds& count, int64_t reports, double z) {
  return {WilsonInterval(count.min, reports, z).lower, WilsonInterval(count.max, reports, z).upper};
}

std::string Periods(const std::vector<const ReturnFigures*>& returns) {
  return absl::StrJoin(returns, ", ", [](std::string* out, const ReturnFigures* r) {
    absl::StrAppend(out, FormatIsoDate(r->effective_start), " to ",
                    FormatIsoDate(r->effective_end));
  });
}

// The bounds the lines of `figures` alone allow; `named` becomes the union of their types.
CountBounds LineBounds(const ReturnFigures& figures, OutcomeMask numerator, OutcomeMask& named) {
  CountBounds bounds;
  named = 0;
  for (const FigureLine& line : figures.lines) {
    const OutcomeMask types = line.outcome_types;
    named |= types;
    const OutcomeMask inside = types & numerator;
    if (inside == 0) continue;
    const bool wholly_inside = inside == types;
    // A withheld figure is somewhere in [1, threshold]; a merged line may be split any way
    // between its types, so only a line wholly inside the numerator raises the minimum.
    const int64_t line_min = line.count.value_or(1);
    const int64_t line_max = line.count.value_or(figures.suppression_threshold);
    bounds.min += wholly_inside ? line_min : 0;
    bounds.max += line_max;
  }
  return bounds;
}

// Whether unaccounted reports may lie in `numerator`: it holds a type no line names.
bool UnaccountedMayCount(OutcomeMask numerator, OutcomeMask named) {
  return (numerator & ~named) != 0;
}

// "a", "a and b", "a, b and c".
std::string InWords(const std::vector<std::string>& items) {
  if (items.size() < 2) return absl::StrJoin(items, "");
  return absl::StrCat(absl::StrJoin(items.begin(), items.end() - 1, ", "), " and ", items.back());
}

// Why a row's count is not exact: what leaves it open, its bounds, and the exemptions its
// returns cite.
std::string InexactDetail(const ForceRow& row, OutcomeMask numerator) {
  bool lines = false, unaccounted = false, unknown = false;
  std::vector<std::string> exemptions;
  for (const ReturnFigures* r : row.returns) {
    OutcomeMask named = 0;
    lines = lines || !LineBounds(*r, numerator, named).exact();
    unaccounted =
        unaccounted || (r->unaccounted_reports > 0 && UnaccountedMayCount(numerator, named));
    unknown = unknown || r->unknown_outcome_reports > 0;
    for (const std::string& exemption : *r->exemptions) {
      if (std::find(exemptions.begin(), exemptions.end(), exemption) == exemptions.end()) {
        exemptions.push_back(exemption);
      }
    }
  }
  std::vector<std::string> causes;
  if (lines) causes.push_back("withheld or merged figures");
  if (unaccounted) causes.push_back("reports the reply does not break down");
  if (unknown) causes.push_back("reports whose outcome the reply does not state");
  std::string detail = absl::StrCat(InWords(causes), " leave the count between ", row.count.min,
                                    " and ", row.count.max);
  if (!exemptions.empty()) {
    absl::StrAppend(&detail, "; withheld under ", absl::StrJoin(exemptions, ", "));
  }
  return detail;
}

// Standard competition ranking by rate, highest first: ties share a rank (1, 2, 2, 4).
void Rank(std::vector<ForceRow>& rows) {
  std::vector<ForceRow*> ranked;
  for (ForceRow& row : rows) {
    if (row.rate()) ranked.push_back(&row);
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const ForceRow* a, const ForceRow* b) { return *a->rate() > *b->rate(); });
  for (size_t i = 0; i < ranked.size(); ++i) {
    const bool tie = i > 0 && *ranked[i]->rate() == *ranked[i - 1]->rate();
    ranked[i]->rank = tie ? ranked[i - 1]->rank : static_cast<int>(i) + 1;
  }
}

}  // namespace

std::optional<double> ForceRow::rate() const {
  if (!count.exact() || reports == 0) return std::nullopt;
  return static_cast<double>(count.min) / static_cast<double>(reports);
}

CountBounds NumeratorBounds(const ReturnFigures& figures, OutcomeMask numerator) {
  if (numerator == 0) return {};
  OutcomeMask named = 0;
  CountBounds bounds = LineBounds(figures, numerator, named);
  // Reports the reply leaves unexplained may be in the numerator, never surely so.
  if (UnaccountedMayCount(numerator, named)) bounds.max += figures.unaccounted_reports;
  bounds.max += figures.unknown_outcome_reports;
  return bounds;
}

Selection SelectReturns(const std::vector<const ReturnFigures*>& returns, const Window& window) {
  Selection selection;
  for (const ReturnFigures* r : returns) {
    const bool inside = r->effective_start >= window.start && r->effective_end <= window.end;
    const bool overlaps = r->effective_start <= window.end && r->effective_end >= window.start;
    if (inside || (overlaps && window.allow_partial)) {
      selection.used.push_back(r);
    } else if (overlaps) {
      selection.not_covered.push_back(r);
    }
  }
  return selection;
}

ForceRow RowOf(const std::string& force_id, const std::vector<const ReturnFigures*>& returns,
               OutcomeMask numerator) {
  ForceRow row;
  row.force_id = force_id;
  row.returns = returns;
  for (const ReturnFigures* r : returns) {
    row.reports += r->total_reports;
    row.count += NumeratorBounds(*r, numerator);
    if (row.returns.front() == r || r->effective_start < row.period_start) {
      row.period_start = r->effective_start;
    }
    if (row.returns.front() == r || r->effective_end > row.period_end) {
      row.period_end = r->effective_end;
    }
  }
  return row;
}

Comparison CompareForces(
    const std::vector<std::string>& force_ids,
    const std::function<std::vector<const ReturnFigures*>(const std::string&)>& returns_of_force,
    const std::set<std::string>& numerator_types, const Window& window, double z,
    FunnelMethod method) {
  const OutcomeMask numerator = MaskOf({numerator_types.begin(), numerator_types.end()});
  Comparison comparison;
  std::vector<const ReturnFigures*> pooled;
  for (const std::string& force_id : force_ids) {
    const Selection selection = SelectReturns(returns_of_force(force_id), window);
    if (selection.used.empty()) {
      if (selection.not_covered.empty()) {
        comparison.excluded.push_back({force_id, ExclusionReason::kNoReturn,
                                       "no active return of this offence touches the window"});
      } else {
        comparison.excluded.push_back(
            {force_id, ExclusionReason::kPeriodNotCovered,
             absl::StrCat("its returns (", Periods(selection.not_covered),
                          ") overlap the window but do not lie inside it")});
      }
      continue;
    }
    ForceRow row = RowOf(force_id, selection.used, numerator);
    if (row.reports > 0) row.ci = IntervalOf(row.count, row.reports, z);
    comparison.all_reports += row.reports;
    comparison.all_count += row.count;
    if (row.count.exact()) {
      pooled.insert(pooled.end(), selection.used.begin(), selection.used.end());
    } else {
      comparison.excluded.push_back(
          {force_id, ExclusionReason::kFiguresWithheld, InexactDetail(row, numerator)});
    }
    comparison.rows.push_back(std::move(row));
  }
  if (!pooled.empty()) {
    comparison.national = RowOf("", pooled, numerator);
    if (comparison.national.reports > 0) {
      comparison.national.ci =
          WilsonInterval(comparison.national.count.min, comparison.national.reports, z);
    }
  }
  comparison.method = method;
  if (const std::optional<double> target = comparison.national.rate()) {
    // I: the exact rows pooled, each a unit of the overdispersion estimate.
    std::vector<FunnelUnit> units;
    for (const ForceRow& row : comparison.rows) {
      if (row.rate()) units.push_back({row.count.min, row.reports});
    }
    comparison.overdispersion = EstimateOverdispersion(method, units, *target);
    for (ForceRow& row : comparison.rows) {
      if (row.reports == 0) continue;
      row.funnel_95 =
          FunnelLimitsBy(method, *target, row.reports, kFunnelZ95, comparison.overdispersion);
      row.funnel_998 =
          FunnelLimitsBy(method, *target, row.reports, kFunnelZ998, comparison.overdispersion);
      row.position = PositionOf(row.rate_min(), row.rate_max(), *row.funnel_95, *row.funnel_998);
    }
  }
  Rank(comparison.rows);
  return comparison;
}

}  // namespace foi::stats
