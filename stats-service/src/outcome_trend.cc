#include "stats-service/src/outcome_trend.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/iso_date.h"
#include "stats-service/src/funnel_methods.h"

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

// One offence's points by year, and its spanning returns in the order given.
Trend OffenceTrend(const OffenceReturns& offence, YearKind kind, OutcomeMask numerator, double z) {
  std::map<int, std::vector<const ReturnFigures*>> by_year;
  Trend trend;
  for (const ReturnFigures* r : offence.returns) {
    const int year = YearOf(r->effective_start, kind);
    if (year == YearOf(r->effective_end, kind)) {
      by_year[year].push_back(r);
      continue;
    }
    TrendPoint spanning{
        absl::StrCat(FormatIsoDate(r->effective_start), " to ", FormatIsoDate(r->effective_end)),
        RowOf(*r->force_id, {r}, numerator), offence.offence_id};
    AddInterval(spanning.row, z);
    trend.spanning.push_back(std::move(spanning));
  }
  for (const auto& [year, year_returns] : by_year) {
    TrendPoint point{YearLabel(year, kind), RowOf("", year_returns, numerator), offence.offence_id};
    AddInterval(point.row, z);
    trend.points.push_back(std::move(point));
  }
  return trend;
}

// Appends `part` to `joined`. A successor's points follow its predecessor's even within one
// year: they count a different definition, so they are never pooled with the predecessor's.
void Append(Trend& joined, Trend part, bool successor) {
  if (successor && !part.points.empty()) part.points.front().definition_changed = true;
  for (TrendPoint& point : part.points) joined.points.push_back(std::move(point));
  for (TrendPoint& point : part.spanning) joined.spanning.push_back(std::move(point));
}

std::optional<RateChange> ChangeBetween(const ForceRow& previous, const ForceRow& current,
                                        double z) {
  const std::optional<double> before = previous.rate();
  const std::optional<double> now = current.rate();
  if (!before || !now) return std::nullopt;  // a bound is not a rate to subtract
  return RateChange{*now - *before,
                    NewcombeDifferenceInterval(current.count.min, current.reports,
                                               previous.count.min, previous.reports, z)};
}

// Each point's change from the point before it in the list, not from the calendar year before:
// a year without returns has no point, and the change then runs across the gap, as the labels
// show.
void AddChanges(std::vector<TrendPoint>& points, double z) {
  for (size_t i = 1; i < points.size(); ++i) {
    points[i].change = ChangeBetween(points[i - 1].row, points[i].row, z);
  }
}

}  // namespace

Trend TrendOfSuccession(const std::vector<OffenceReturns>& succession, YearKind kind,
                        const std::set<std::string>& numerator_types, double z) {
  const OutcomeMask numerator = MaskOf({numerator_types.begin(), numerator_types.end()});
  Trend trend;
  for (size_t i = 0; i < succession.size(); ++i) {
    Append(trend, OffenceTrend(succession[i], kind, numerator, z), /*successor=*/i > 0);
  }
  AddChanges(trend.points, z);
  // Stable: on a shared start date, the predecessor's return stays first.
  std::stable_sort(trend.spanning.begin(), trend.spanning.end(), [](const auto& a, const auto& b) {
    return a.row.period_start < b.row.period_start;
  });
  return trend;
}

Trend TrendOf(const std::vector<const ReturnFigures*>& returns, YearKind kind,
              const std::set<std::string>& numerator, double z) {
  const std::string offence_id = returns.empty() ? "" : *returns.front()->offence_id;
  return TrendOfSuccession({{offence_id, returns}}, kind, numerator, z);
}

std::vector<std::string> SuccessionOf(const Catalog& catalog, const std::string& offence_id) {
  std::vector<std::string> succession;
  std::set<std::string> listed;
  const Offence* offence = catalog.FindOffence(offence_id);
  while (offence != nullptr && listed.insert(offence->offence_id).second) {
    succession.push_back(offence->offence_id);
    if (offence->succeeded_by.empty()) break;
    offence = catalog.FindOffence(offence->succeeded_by);
  }
  return succession;
}

}  // namespace foi::stats
