// File: stats-service/src/return_figures.h
//
// The part of an active return that statistics read: who, when, and the figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace foi::stats {

// A set of outcome types as bits (see OutcomeMask), so that statistics test membership with
// one AND instead of string comparisons.
using OutcomeMask = uint64_t;

// The bit of a Home Office outcome type: "1".."22" are bits 1..22, "1A" bit 23; anything else
// (never stored: validation refuses it) bit 63.
OutcomeMask OutcomeBit(absl::string_view code);
OutcomeMask MaskOf(const std::vector<std::string>& codes);

struct FigureLine {
  OutcomeMask outcome_types = 0;  // the set of types this figure counts
  std::optional<int64_t> count;   // nullopt when withheld
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
