// File: cli/commands/fetch_comparison.h
//
// The CompareForces call behind `foictl compare` and `foictl funnel`, and the catalogue's names
// the funnel plot is labelled with.
#pragma once

#include <map>
#include <optional>
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
  // How the funnel limits are drawn: "binomial" (or empty), "exact", "additive" or
  // "multiplicative".
  std::string method;
};

// The FunnelMethod a --method value names; nullopt for a value that names none.
std::optional<foi::v1::FunnelMethod> FunnelMethodOf(const std::string& method);

// Fills `response` and returns 0. A method FunnelMethodOf does not know is 2, before any call;
// a failed call is 1. Either prints the error, prefixed "compare: ".
int FetchComparison(const std::string& stats_address, const ComparisonQuery& query,
                    foi::v1::CompareForcesResponse& response);

// Ids to names, from the catalogue's ListForces, ListOffences and ListOutcomeTypes.
struct CatalogueNames {
  std::map<std::string, std::string> forces;
  std::map<std::string, std::string> offences;
  std::map<std::string, std::string> outcome_groups;
};

// The catalogue's names. A list that cannot be fetched is left empty, with a warning on stderr
// prefixed `command`: whoever shows the names falls back to the ids.
CatalogueNames FetchCatalogueNames(const std::string& stats_address, const std::string& command);

}  // namespace foi::cli
