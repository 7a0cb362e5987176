// File: stats-service/src/outcome_trend.h
//
// An outcome rate year by year, without I/O. A year's point pools the returns whose effective
// periods fit inside that year; a return spanning several years is reported on its own, as it
// is, never split between years (that would invent figures the force did not give).
#pragma once

#include <string>
#include <vector>

#include "stats-service/src/force_comparison.h"

namespace foi::stats {

enum class YearKind { kCalendar, kFinancial };  // financial: 1 April to 31 March

struct TrendPoint {
  std::string label;  // "2016", "2016/17", or "2015-04-13 to 2017-04-12" for a spanning return
  ForceRow row;       // reports, count bounds, period, returns, Wilson interval
};

struct Trend {
  std::vector<TrendPoint> points;    // by year
  std::vector<TrendPoint> spanning;  // by start date
};

Trend TrendOf(const std::vector<const ReturnFigures*>& returns, YearKind kind,
              const std::set<std::string>& numerator, double z);

}  // namespace foi::stats
