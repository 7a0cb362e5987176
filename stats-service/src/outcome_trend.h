// File: stats-service/src/outcome_trend.h
//
// An outcome rate year by year, without I/O. A year's point pools the returns whose effective
// periods fit inside that year; a return spanning several years is reported on its own, as it
// is, never split between years (that would invent figures the force did not give).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/catalog.h"
#include "stats-service/src/force_comparison.h"

namespace foi::stats {

enum class YearKind { kCalendar, kFinancial };  // financial: 1 April to 31 March

// How a point's rate moved from the previous point's.
struct RateChange {
  double difference = 0;  // this rate minus the previous one
  Interval interval;      // Newcombe's hybrid score interval for that difference
  // The interval excludes zero: more change than chance would explain.
  bool significant() const { return interval.lower > 0 || interval.upper < 0; }
};

struct TrendPoint {
  std::string label;  // "2016", "2016/17", or "2015-04-13 to 2017-04-12" for a spanning return
  ForceRow row;       // reports, count bounds, period, returns, Wilson interval
  std::string offence_id;
  // The first point of an offence that succeeded the one before it in the trend.
  bool definition_changed = false;
  // From the previous point of `points`, when both have a rate (exact, with reports).
  std::optional<RateChange> change;
};

struct Trend {
  std::vector<TrendPoint> points;    // by year
  std::vector<TrendPoint> spanning;  // by start date
};

// One offence's returns.
struct OffenceReturns {
  std::string offence_id;
  std::vector<const ReturnFigures*> returns;
};

// The trend of each offence of `succession` (an offence, then the offences that succeeded it,
// in order), joined: each offence's points by year, one after the other, so that a year in
// which the law changed has a point per offence, never one pooling two definitions. The first
// point of every offence after the first is marked definition_changed. Each point's change is
// from the point before it in the joined list, whatever years lie between them, and across a
// change of definition too (the flag says why it may be the law's). Intervals at quantile z.
Trend TrendOfSuccession(const std::vector<OffenceReturns>& succession, YearKind kind,
                        const std::set<std::string>& numerator, double z);

// The trend of one offence, whose returns are `returns`: a succession of one.
Trend TrendOf(const std::vector<const ReturnFigures*>& returns, YearKind kind,
              const std::set<std::string>& numerator, double z);

// `offence_id`, then the offence that succeeded it, and so on, as the catalogue's succeeded_by
// chain goes; it stops at an offence nothing replaced, at an id the catalogue does not know,
// and before an offence already listed (a cycle in the data must not loop forever).
std::vector<std::string> SuccessionOf(const Catalog& catalog, const std::string& offence_id);

}  // namespace foi::stats
