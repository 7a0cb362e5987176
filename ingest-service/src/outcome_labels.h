// File: ingest-service/src/outcome_labels.h
//
// What an outcome cell of an imported file means. A force writes outcome type codes ("2+3+8"),
// a group id, or a label of its own ("Charged/Summonsed"); the uploader may say what its
// labels mean (ImportHeader.outcome_labels), including that a row is no line at all: reports
// whose outcome is not yet assigned, unaccounted or unknown, or a record that is not a report.
//
//   std::optional<ResolvedOutcome> outcome = ResolveOutcome("charged", labels, catalog);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/catalog.h"
#include "common/field_violations.h"

namespace foi::ingest {

// What a row's outcome makes of it.
enum class OutcomeKind {
  kLine,            // a line of the return, with outcome types
  kNotYetAssigned,  // counted in not_yet_assigned
  kUnaccounted,     // counted in unaccounted_reports
  kUnknown,         // counted in unknown_outcome_reports
  kNotAReport,      // skipped: a cancelled ("no crime") record, say
};

struct ResolvedOutcome {
  OutcomeKind kind = OutcomeKind::kLine;
  std::vector<std::string> outcome_types;  // kLine only
};

// The uploader's labels, normalised (NormaliseLabel) -> what they mean, as written.
using OutcomeLabels = std::map<std::string, std::string, std::less<>>;

// The meaning of `label`: the uploader's `labels` first (a blank cell is the key ""), then
// outcome type codes joined with '+', a group id, or a label of the catalog's synonyms.
// nullopt when none fits.
std::optional<ResolvedOutcome> ResolveOutcome(absl::string_view label, const OutcomeLabels& labels,
                                              const Catalog& catalog);

// One violation, at `prefix` + "outcome_labels[\"label\"]", for each value of `labels` that is
// neither codes joined with '+', a group id, nor one of "not-yet-assigned", "unaccounted",
// "unknown" and "not-a-report", and for each two labels that are the same once normalised.
std::vector<FieldViolation> CheckOutcomeLabels(const std::map<std::string, std::string>& labels,
                                               const Catalog& catalog, absl::string_view prefix);

// A name something may be written by (`spelling`, normalised) and how to show it (`shown`).
struct NameCandidate {
  std::string spelling;
  std::string shown;
};

// The candidate whose spelling is closest to one of `written` (normalised ways of writing the
// same name), by edit distance, when close enough to be a likely slip; else "". Its `shown`.
std::string ClosestName(const std::vector<std::string>& written,
                        const std::vector<NameCandidate>& candidates);

}  // namespace foi::ingest
