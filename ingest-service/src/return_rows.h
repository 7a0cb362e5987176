// File: ingest-service/src/return_rows.h
//
// Returns as the database holds them, and back: rows of select_return.sql and
// select_latest_returns.sql read into FoiReturn values by column name (so a column added to a
// query cannot shift another), the lines of many versions read with one query, and the
// parallel arrays insert_versions.sql writes.
#pragma once

#include <pqxx/pqxx>

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ingest-service/src/foi_return.h"
#include "ingest-service/src/request_claims.h"

namespace foi::ingest {

// The status column's values.
inline constexpr absl::string_view kStatusActive = "active";
inline constexpr absl::string_view kStatusSuperseded = "superseded";
inline constexpr absl::string_view kStatusWithdrawn = "withdrawn";

// The returns of a result of select_return.sql or select_latest_returns.sql, without lines.
std::vector<FoiReturn> ReturnsFromResult(const pqxx::result& result);

// Fills in the lines of `returns` with one query.
void LoadLines(pqxx::transaction_base& txn, std::vector<FoiReturn>& returns);

// The rows insert_versions.sql writes: versions with their lines and audit events, as
// parallel arrays.
class VersionRows {
 public:
  // Adds `version` (its return id, version number and fields as they are to be stored),
  // written by `key_id` on behalf of `source`, audited as `action`.
  void Add(const FoiReturn& version, const std::string& key_id, const std::string& source,
           absl::string_view action, const RequestClaim& claim);

  bool empty() const { return return_id_.empty(); }

  // Writes the rows; returns when each version was stored, by return id.
  absl::flat_hash_map<std::string, absl::Time> Insert(pqxx::transaction_base& txn) const;

 private:
  using Texts = std::vector<std::optional<std::string>>;
  using Ints = std::vector<std::optional<int64_t>>;
  Texts return_id_, force_id_, offence_id_, period_start_, period_end_, foi_reference_,
      received_on_, created_by_, source_, reason_, action_, request_id_;
  Texts exemptions_;  // the sections, separated by spaces
  Ints version_, total_reports_, not_yet_assigned_, suppression_threshold_, unaccounted_reports_,
      unknown_outcome_reports_;
  Texts line_return_id_, label_, outcome_types_;  // outcome types: codes separated by spaces
  Ints line_no_, count_;
  std::vector<bool> suppressed_;
};

}  // namespace foi::ingest
