#include "ingest-service/src/return_store.h"

#include <pqxx/pqxx>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/db/pg_array.h"
#include "common/db/pq_errors.h"
#include "common/status_macros.h"
#include "common/uuid.h"
#include "return_queries.h"  // generated: kInsertReturn, kSelectReturn, kSelectReturnLines

namespace foi::ingest {
namespace {

ReturnStatus StatusFromText(absl::string_view text) {
  if (text == "active") return ReturnStatus::kActive;
  if (text == "superseded") return ReturnStatus::kSuperseded;
  if (text == "withdrawn") return ReturnStatus::kWithdrawn;
  return ReturnStatus::kUnspecified;
}

// The lines of a return as the parallel arrays insert_return.sql unnests.
struct LineArrays {
  std::vector<std::optional<int64_t>> line_no, count;
  std::vector<bool> suppressed;
  std::vector<std::optional<std::string>> label;
  std::vector<std::optional<int64_t>> outcome_line_no, outcome_position;
  std::vector<std::optional<std::string>> outcome_type;
};

LineArrays ToArrays(const std::vector<ReturnLine>& lines) {
  LineArrays arrays;
  for (size_t i = 0; i < lines.size(); ++i) {
    const ReturnLine& line = lines[i];
    arrays.line_no.push_back(static_cast<int64_t>(i));
    arrays.count.push_back(line.count);
    arrays.suppressed.push_back(line.suppressed);
    arrays.label.push_back(line.label);
    for (size_t j = 0; j < line.outcome_types.size(); ++j) {
      arrays.outcome_line_no.push_back(static_cast<int64_t>(i));
      arrays.outcome_type.push_back(line.outcome_types[j]);
      arrays.outcome_position.push_back(static_cast<int64_t>(j));
    }
  }
  return arrays;
}

}  // namespace

absl::StatusOr<FoiReturn> ReturnStore::Insert(const FoiReturn& foi_return) {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  const LineArrays arrays = ToArrays(foi_return.lines);
  FoiReturn stored = foi_return;
  try {
    pqxx::work txn(*connection);
    const pqxx::row row = txn.exec_params1(
        std::string(kInsertReturn), foi_return.force_id, foi_return.offence_id,
        foi_return.period_start, foi_return.period_end, foi_return.total_reports,
        foi_return.not_yet_assigned, foi_return.foi_reference,
        foi_return.received_on.empty() ? nullptr : foi_return.received_on.c_str(),
        db::IntArrayLiteral(arrays.line_no), db::IntArrayLiteral(arrays.count),
        db::BoolArrayLiteral(arrays.suppressed), db::TextArrayLiteral(arrays.label),
        db::IntArrayLiteral(arrays.outcome_line_no), db::TextArrayLiteral(arrays.outcome_type),
        db::IntArrayLiteral(arrays.outcome_position), foi_return.suppression_threshold);
    txn.commit();
    stored.return_id = row[0].as<std::string>();
    stored.version = row[1].as<int>();
    stored.created_at = absl::FromUnixMicros(row[2].as<int64_t>());
    stored.status = ReturnStatus::kActive;
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
  return stored;
}

absl::StatusOr<FoiReturn> ReturnStore::Get(absl::string_view return_id, int version) {
  if (!IsUuid(return_id)) {
    return absl::InvalidArgumentError(absl::StrCat("return_id '", return_id, "' is not a UUID"));
  }
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  FoiReturn found;
  try {
    pqxx::read_transaction txn(*connection);
    const pqxx::result rows =
        txn.exec_params(std::string(kSelectReturn), std::string(return_id), version);
    if (rows.empty()) {
      return absl::NotFoundError(
          version == 0 ? absl::StrCat("no return ", return_id)
                       : absl::StrCat("return ", return_id, " has no version ", version));
    }
    const pqxx::row row = rows[0];
    found.return_id = row[0].as<std::string>();
    found.version = row[1].as<int>();
    found.status = StatusFromText(row[2].as<std::string>());
    found.force_id = row[3].as<std::string>();
    found.offence_id = row[4].as<std::string>();
    found.period_start = row[5].as<std::string>();
    found.period_end = row[6].as<std::string>();
    found.total_reports = row[7].as<int64_t>();
    found.not_yet_assigned = row[8].as<int64_t>();
    found.foi_reference = row[9].as<std::string>();
    found.received_on = row[10].as<std::string>();
    found.created_at = absl::FromUnixMicros(row[11].as<int64_t>());
    found.suppression_threshold = row[12].as<int>();
    for (const auto& line_row :
         txn.exec_params(std::string(kSelectReturnLines), found.return_id, found.version)) {
      ReturnLine line;
      if (!line_row[1].is_null()) line.count = line_row[1].as<int64_t>();
      line.suppressed = line_row[2].as<bool>();
      line.label = line_row[3].as<std::string>();
      line.outcome_types = absl::StrSplit(line_row[4].as<std::string>(), ' ');
      found.lines.push_back(std::move(line));
    }
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
  return found;
}

}  // namespace foi::ingest
