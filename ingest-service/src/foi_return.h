// File: ingest-service/src/foi_return.h
//
// A return as the ingest service handles it, free of protobuf so validation and storage can be
// tested on their own. Dates stay the ISO-8601 text the caller sent until validation has
// checked them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace foi::ingest {

// "<5" is the commonest disclosure rule: withheld figures are 1 to 4.
inline constexpr int kDefaultSuppressionThreshold = 4;

enum class ReturnStatus { kUnspecified, kActive, kSuperseded, kWithdrawn };

// Something the writer should know about a return: it never blocks the write.
struct Warning {
  // The API path of the field it is about ("period_start").
  std::string field;
  std::string description;

  friend bool operator==(const Warning&, const Warning&) = default;
};

struct ReturnLine {
  std::vector<std::string> outcome_types;
  std::optional<int64_t> count;  // nullopt when withheld
  bool suppressed = false;
  std::string label;

  friend bool operator==(const ReturnLine&, const ReturnLine&) = default;
};

struct FoiReturn {
  // Assigned by the server.
  std::string return_id;
  int version = 0;
  ReturnStatus status = ReturnStatus::kUnspecified;
  absl::Time created_at;
  std::string created_by;  // id of the API key that wrote this version
  std::string source;      // holder of that key: the force or the FOI team
  std::string reason;      // why this version was amended or withdrawn

  // Given by the caller.
  std::string force_id;
  std::string offence_id;
  std::string period_start;
  std::string period_end;
  int64_t total_reports = 0;
  int64_t not_yet_assigned = 0;
  // Reports the reply does not break down (in no line), and reports whose outcome it does not
  // state at all.
  int64_t unaccounted_reports = 0;
  int64_t unknown_outcome_reports = 0;
  // Sections of the Freedom of Information Act 2000 cited for what was withheld ("s12").
  std::vector<std::string> exemptions;
  std::string foi_reference;
  std::string received_on;  // empty when not given
  // Largest figure the force withholds; a withheld figure lies in [1, threshold].
  int suppression_threshold = kDefaultSuppressionThreshold;
  std::vector<ReturnLine> lines;
};

}  // namespace foi::ingest
