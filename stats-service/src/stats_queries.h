// File: stats-service/src/stats_queries.h
//
// The questions the stats service answers, free of gRPC: each request is checked against the
// catalog (INVALID_ARGUMENT with field violations), then answered from the current snapshot
// (UNAVAILABLE until one is loaded). An answer keeps its snapshot alive, and says which it is.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/catalog.h"
#include "stats-service/src/figures_snapshot.h"
#include "stats-service/src/force_breakdown.h"
#include "stats-service/src/force_comparison.h"
#include "stats-service/src/outcome_trend.h"

namespace foi::stats {

inline constexpr double kDefaultConfidence = 0.95;

// A numerator, given one way or the other.
struct Numerator {
  std::string outcome_group;               // a group id, or a derived group
  std::vector<std::string> outcome_types;  // explicit codes
};

struct CompareRequest {
  std::string offence_id;
  std::string period_start;  // ISO-8601, inclusive
  std::string period_end;    // ISO-8601, inclusive
  Numerator numerator;
  double confidence = 0;  // 0: kDefaultConfidence
  bool allow_partial_periods = false;
  FunnelMethod funnel_method = FunnelMethod::kBinomial;
};

struct BreakdownRequest {
  std::string force_id;
  std::string offence_id;
  std::string period_start;
  std::string period_end;
  bool allow_partial_periods = false;
};

struct TrendRequest {
  std::string force_id;  // empty: national
  std::string offence_id;
  YearKind year_kind = YearKind::kCalendar;
  Numerator numerator;
  double confidence = 0;
  // Join the offences that succeeded offence_id (SuccessionOf) on after it.
  bool follow_successors = false;
};

template <typename T>
struct Answer {
  T value;
  std::shared_ptr<const FiguresSnapshot> snapshot;  // keeps `value`'s returns alive
  double confidence = kDefaultConfidence;
};

class StatsQueries {
 public:
  StatsQueries(const Catalog& catalog, const SnapshotHolder& snapshots)
      : catalog_(catalog), snapshots_(snapshots) {}

  // The snapshot answers are read from now; null until the first one has loaded.
  std::shared_ptr<const FiguresSnapshot> current_snapshot() const { return snapshots_.Get(); }

  // Answered from `snapshot`, which callers take once (current_snapshot) so that what they
  // keep of the answer names the data it was read from; null: NOT_READY once the request
  // passes its checks.
  absl::StatusOr<Answer<Comparison>> Compare(const CompareRequest& request,
                                             std::shared_ptr<const FiguresSnapshot> snapshot) const;
  absl::StatusOr<Answer<Breakdown>> BreakdownOfForce(const BreakdownRequest& request) const;
  absl::StatusOr<Answer<Trend>> TrendOfOutcome(const TrendRequest& request) const;

 private:
  absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> CurrentSnapshot() const;

  const Catalog& catalog_;
  const SnapshotHolder& snapshots_;
};

}  // namespace foi::stats
