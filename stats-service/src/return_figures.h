// File: stats-service/src/return_figures.h
//
// The part of an active return that statistics read: who, when, and the figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace foi::stats {

struct FigureLine {
  std::vector<std::string> outcome_types;
  std::optional<int64_t> count;  // nullopt when withheld
};

struct ReturnFigures {
  std::string return_id;
  int version = 0;
  std::string force_id;
  std::string offence_id;
  absl::CivilDay period_start;
  absl::CivilDay period_end;
  int64_t total_reports = 0;
  int64_t not_yet_assigned = 0;
  // A withheld figure lies in [1, suppression_threshold].
  int suppression_threshold = 4;
  std::vector<FigureLine> lines;
};

}  // namespace foi::stats
