// File: common/field_violations.h
//
// Validation failures that name the field at fault, carried inside an absl::Status so every
// layer can pass them on and only the gRPC edge turns them into google.rpc.BadRequest.
//
//   std::vector<FieldViolation> violations;
//   violations.push_back({"lines[2].count", "must not be negative"});
//   return InvalidArgumentWithViolations("the return is invalid", violations);
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace foi {

struct FieldViolation {
  // Path of the field, as in the API: "period_end", "lines[2].outcome_types[0]".
  std::string field;
  // What is wrong with it, for a person to read.
  std::string description;

  friend bool operator==(const FieldViolation& a, const FieldViolation& b) {
    return a.field == b.field && a.description == b.description;
  }
};

// INVALID_ARGUMENT whose message is `summary` followed by the violations, and which carries
// them as a google.rpc.BadRequest payload, with an ErrorInfo of `reason` (error_info.h). Both
// are kept small enough for gRPC's trailers: when there are very many violations only the
// first are carried, and the summary says so.
absl::Status InvalidArgumentWithViolations(absl::string_view summary,
                                           const std::vector<FieldViolation>& violations,
                                           absl::string_view reason = "INVALID_FIELDS");

// The violations carried by `status`; empty when it carries none.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

}  // namespace foi
