// File: cli/commands/fetch_comparison.h
//
// The CompareForces call behind `foictl compare` and `foictl funnel`.
#pragma once

#include <string>

#include "foi/v1/stats_service.pb.h"

namespace foi::cli {

// The comparison the flags ask for.
struct ComparisonQuery {
  std::string offence_id;
  std::string from;   // first day of the window, YYYY-MM-DD
  std::string to;     // last day of the window, YYYY-MM-DD
  std::string group;  // an outcome group id, "no-further-action" or "action-taken"
  std::string types;  // instead of a group, outcome type codes separated by commas: "15,16"
};

// Fills `response` and returns true; on failure prints the error, prefixed "compare: ", and
// returns false.
bool FetchComparison(const std::string& stats_address, const ComparisonQuery& query,
                     foi::v1::CompareForcesResponse& response);

}  // namespace foi::cli
