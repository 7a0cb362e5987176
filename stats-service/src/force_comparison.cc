#include "stats-service/src/force_comparison.h"

#include <algorithm>
#include <map>

namespace foi::stats {

std::optional<double> ForceRow::rate() const {
  if (!count.exact() || reports == 0) return std::nullopt;
  return static_cast<double>(count.min) / static_cast<double>(reports);
}

CountBounds NumeratorBounds(const ReturnFigures& figures, const std::set<std::string>& numerator) {
  CountBounds bounds;
  for (const FigureLine& line : figures.lines) {
    const auto inside = std::count_if(line.outcome_types.begin(), line.outcome_types.end(),
                                      [&](const std::string& type) { return numerator.count(type); });
    if (inside == 0) continue;
    const bool wholly_inside = inside == static_cast<long>(line.outcome_types.size());
    // A withheld figure is somewhere in [1, threshold]; a merged line may be split any way
    // between its types, so only a line wholly inside the numerator raises the minimum.
    const int64_t line_min = line.count.value_or(1);
    const int64_t line_max = line.count.value_or(figures.suppression_threshold);
    bounds.min += wholly_inside ? line_min : 0;
    bounds.max += line_max;
  }
  return bounds;
}

Comparison CompareForces(const std::vector<ReturnFigures>& returns,
                         const std::set<std::string>& numerator) {
  std::map<std::string, ForceRow> by_force;
  for (const ReturnFigures& figures : returns) {
    ForceRow& row = by_force[figures.force_id];
    row.force_id = figures.force_id;
    row.reports += figures.total_reports;
    const CountBounds bounds = NumeratorBounds(figures, numerator);
    row.count.min += bounds.min;
    row.count.max += bounds.max;
  }
  Comparison comparison;
  for (auto& [force_id, row] : by_force) {
    if (row.count.exact()) {
      comparison.national.reports += row.reports;
      comparison.national.count.min += row.count.min;
      comparison.national.count.max += row.count.max;
    }
    comparison.rows.push_back(std::move(row));
  }
  return comparison;
}

}  // namespace foi::stats
