// File: ingest-service/src/return_validator.h
//
// Every rule a return must meet before it is stored, and the warnings it earns, checked without
// I/O so each rule can be tested alone. All violations are reported, not just the first, with
// API field paths.
//
//   std::vector<FieldViolation> violations = ValidateReturn(submitted, catalog, today);
#pragma once

#include <vector>

#include "absl/time/civil_time.h"
#include "common/catalog.h"
#include "common/field_violations.h"
#include "ingest-service/src/foi_return.h"

namespace foi::ingest {

// Text limits are in common/text_rules.h. No date of a return (period or receipt) is earlier:
// the product holds replies about recorded crime of the last century at most.
inline constexpr absl::CivilDay kEarliestDate{1900, 1, 1};
inline constexpr int kMaxPeriodYears = 10;
inline constexpr int kMaxSuppressionThreshold = 99;
// Larger than any real count of reports; keeps every sum far from overflow.
inline constexpr int64_t kMaxFigure = 100'000'000;

// Violations of `foi_return` against `catalog`, judged on the day `today`; empty when valid.
// The counts of the lines, not_yet_assigned, unaccounted_reports and unknown_outcome_reports
// must make total_reports (with withheld figures, lie in the range they allow); a return may
// have no lines when they do.
std::vector<FieldViolation> ValidateReturn(const FoiReturn& foi_return, const Catalog& catalog,
                                           absl::CivilDay today);

// What the writer should know about a return that never blocks its write: a period that starts
// before the offence came into force or ends after it was repealed (the figures then count
// from / to those days), an outcome type used for a period starting before the type existed,
// most reports unaccounted for or without an outcome. Meaningful for a valid return.
std::vector<Warning> WarningsFor(const FoiReturn& foi_return, const Catalog& catalog);

// The candidate closest to `unknown` by edit distance when close enough to be a likely typo,
// else empty. Used to say "did you mean ...".
std::string NearestMatch(absl::string_view unknown, const std::vector<std::string>& candidates);

}  // namespace foi::ingest
