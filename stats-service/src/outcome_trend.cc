#include "stats-service/src/outcome_trend.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/iso_date.h"

namespace foi::stats {
namespace {

// The year (its first calendar year, for financial years) that `day` falls in.
int YearOf(absl::CivilDay day, YearKind kind) {
  const int year = static_cast<int>(day.year());
  return kind == YearKind::kFinancial && day.month() < 4 ? year - 1 : year;
}

std::string YearLabel(int year, YearKind kind) {
  if (kind == YearKind::kCalendar) return absl::StrCat(year);
  return absl::StrFormat("%d/%02d", year, (year + 1) % 100);
}

void AddInterval(ForceRow& row, double z) {
  if (row.rate()) row.ci = WilsonInterval(row.count.min, row.reports, z);
}

}  // namespace

Trend TrendOf(const std::vector<const ReturnFigures*>& returns, YearKind kind,
              const std::set<std::string>& numerator_types, double z) {
  const OutcomeMask numerator = MaskOf({numerator_types.begin(), numerator_types.end()});
  std::map<int, std::vector<const ReturnFigures*>> by_year;
  Trend trend;
  for (const ReturnFigures* r : returns) {
    const int year = YearOf(r->effective_start, kind);
    if (year == YearOf(r->effective_end, kind)) {
      by_year[year].push_back(r);
      continue;
    }
    TrendPoint spanning{
        absl::StrCat(FormatIsoDate(r->effective_start), " to ", FormatIsoDate(r->effective_end)),
        RowOf(r->force_id, {r}, numerator)};
    AddInterval(spanning.row, z);
    trend.spanning.push_back(std::move(spanning));
  }
  for (const auto& [year, year_returns] : by_year) {
    TrendPoint point{YearLabel(year, kind), RowOf("", year_returns, numerator)};
    AddInterval(point.row, z);
    trend.points.push_back(std::move(point));
  }
  std::sort(trend.spanning.begin(), trend.spanning.end(),
            [](const auto& a, const auto& b) { return a.row.period_start < b.row.period_start; });
  return trend;
}

}  // namespace foi::stats
