// File: stats-service/src/comparison_service.h
//
// Answers comparison requests, free of gRPC: checks the request against the catalog, resolves
// the numerator to outcome types, reads the figures and computes the rows.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/catalog.h"
#include "stats-service/src/figures_store.h"
#include "stats-service/src/force_comparison.h"

namespace foi::stats {

struct ComparisonRequest {
  std::string offence_id;
  std::string period_start;  // ISO-8601, inclusive
  std::string period_end;    // ISO-8601, inclusive
  // Exactly one of these names the numerator.
  std::string outcome_group;
  std::vector<std::string> outcome_types;
};

class ComparisonService {
 public:
  ComparisonService(const Catalog& catalog, FiguresStore& store)
      : catalog_(catalog), store_(store) {}

  // INVALID_ARGUMENT with field violations for an unknown offence, group or outcome type, a
  // malformed date, a window that ends before it starts, or a numerator given both ways or not
  // at all. No data is not an error: the rows are then empty.
  absl::StatusOr<Comparison> CompareForces(const ComparisonRequest& request);

 private:
  const Catalog& catalog_;
  FiguresStore& store_;
};

}  // namespace foi::stats
