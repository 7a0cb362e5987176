// File: stats-service/src/return_figures.h
//
// The part of an active return that statistics read: who, when, and the figures, including
// the reports the reply leaves unexplained. Its effective period (SetEffectivePeriod) is
// worked out once, when the snapshot is built.
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
  absl::CivilDay period_start;  // as the return gives it
  absl::CivilDay period_end;
  // The days the return counts for: its period cut to the days its offence was in force. Every
  // statistic (windows, years, the periods it reports) uses these; an empty period
  // (effective_end < effective_start) counts nowhere.
  absl::CivilDay effective_start;
  absl::CivilDay effective_end;
  int64_t total_reports = 0;
  int64_t not_yet_assigned = 0;
  // Reports the reply does not break down: in no line; in any outcome type no line names, or
  // not yet assigned.
  int64_t unaccounted_reports = 0;
  // Reports whose outcome the reply does not state: in any outcome type, named by a line or not.
  int64_t unknown_outcome_reports = 0;
  // FOI Act sections the force cited for what it withheld, as given ("s12", "s40(2)").
  std::vector<std::string> exemptions;
  // A withheld figure lies in [1, suppression_threshold].
  int suppression_threshold = 4;
  std::vector<FigureLine> lines;
};

// Sets `figures`' effective period from its own and from the days its offence was in force:
// from the later of period_start and `in_force_from` to the earlier of period_end and
// `in_force_until` (nullopt while the offence is in force).
void SetEffectivePeriod(ReturnFigures& figures, absl::CivilDay in_force_from,
                        std::optional<absl::CivilDay> in_force_until);

}  // namespace foi::stats
