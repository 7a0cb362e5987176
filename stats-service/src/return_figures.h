// File: stats-service/src/return_figures.h
//
// The part of an active return that statistics read: who, when, and the figures, including
// the reports the reply leaves unexplained. Its effective period (SetEffectivePeriod) is
// worked out once, when the snapshot is built.
//
// A snapshot holds every active return (200,000 and more), so each is kept small: the return
// id in its 16 bytes, force and offence ids and exemptions interned (8 bytes each, shared by
// every return that names them), and a figure in 8 bytes (FigureCount).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/uuid.h"
#include "stats-service/src/interned.h"

namespace foi::stats {

// A set of outcome types as bits (see OutcomeMask), so that statistics test membership with
// one AND instead of string comparisons.
using OutcomeMask = uint64_t;

// The bit of a Home Office outcome type: "1".."22" are bits 1..22, "1A" bit 23; anything else
// (never stored: validation refuses it) bit 63.
OutcomeMask OutcomeBit(absl::string_view code);
OutcomeMask MaskOf(const std::vector<std::string>& codes);

// A return's id, a UUID, as its 16 bytes; written out only when an answer names the return.
class ReturnId {
 public:
  ReturnId() = default;  // the nil UUID
  // nullopt unless `text` is a UUID in canonical form (either case).
  static std::optional<ReturnId> Parse(absl::string_view text);
  // Canonical, in lower case, as PostgreSQL writes a uuid.
  std::string ToString() const;
  const UuidBytes& bytes() const { return bytes_; }

  friend auto operator<=>(const ReturnId&, const ReturnId&) = default;
  friend bool operator==(const ReturnId&, const ReturnId&) = default;
  template <typename H>
  friend H AbslHashValue(H state, const ReturnId& id) {
    return H::combine(std::move(state), id.bytes_);
  }

 private:
  UuidBytes bytes_{};
};

// A line's figure: a count, or withheld. Reads like std::optional<int64_t> (has_value,
// value_or, reset; nullopt when withheld) in 8 bytes instead of 16: counts are never negative,
// so -1 marks a withheld figure. There is no conversion to a number, so a withheld figure
// cannot be read as one.
class FigureCount {
 public:
  constexpr FigureCount() = default;        // withheld
  constexpr FigureCount(std::nullopt_t) {}  // NOLINT(google-explicit-constructor)
  // `count` >= 0.
  constexpr FigureCount(int64_t count) : count_(count) {}  // NOLINT(google-explicit-constructor)

  constexpr bool has_value() const { return count_ != kWithheld; }
  constexpr int64_t value_or(int64_t withheld) const { return has_value() ? count_ : withheld; }
  constexpr void reset() { count_ = kWithheld; }

  friend bool operator==(const FigureCount&, const FigureCount&) = default;

 private:
  static constexpr int64_t kWithheld = -1;
  int64_t count_ = kWithheld;
};

struct FigureLine {
  OutcomeMask outcome_types = 0;  // the set of types this figure counts
  FigureCount count;              // withheld: !has_value()

  friend bool operator==(const FigureLine&, const FigureLine&) = default;
};

struct ReturnFigures {
  ReturnId return_id;
  int version = 0;
  // A withheld figure lies in [1, suppression_threshold]. (Here, beside version, to share the
  // 8 bytes the alignment of the fields that follow leaves them.)
  int suppression_threshold = 4;
  Interned<std::string> force_id;
  Interned<std::string> offence_id;
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
  Interned<std::vector<std::string>> exemptions;
  std::vector<FigureLine> lines;

  // Same id, version and figures: a reload may keep the copy it already holds.
  friend bool operator==(const ReturnFigures&, const ReturnFigures&) = default;
};

// Sets `figures`' effective period from its own and from the days its offence was in force:
// from the later of period_start and `in_force_from` to the earlier of period_end and
// `in_force_until` (nullopt while the offence is in force).
void SetEffectivePeriod(ReturnFigures& figures, absl::CivilDay in_force_from,
                        std::optional<absl::CivilDay> in_force_until);

}  // namespace foi::stats
