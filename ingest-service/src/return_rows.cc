#include "ingest-service/src/return_rows.h"

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/db/pg_array.h"
#include "common/db/prepared_statement.h"
#include "return_queries.h"  // generated: one constant per queries/*.sql

namespace foi::ingest {
namespace {

ReturnStatus StatusFromText(absl::string_view text) {
  if (text == kStatusActive) return ReturnStatus::kActive;
  if (text == kStatusSuperseded) return ReturnStatus::kSuperseded;
  if (text == kStatusWithdrawn) return ReturnStatus::kWithdrawn;
  return ReturnStatus::kUnspecified;
}

std::optional<std::string> UnlessEmpty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

}  // namespace

std::vector<FoiReturn> ReturnsFromResult(const pqxx::result& result) {
  std::vector<FoiReturn> returns;
  if (result.empty()) return returns;
  // Columns by name, looked up once per result.
  const auto column = [&result](const char* name) { return result.column_number(name); };
  const auto return_id = column("return_id"), version = column("version"),
             status = column("status"), force_id = column("force_id"),
             offence_id = column("offence_id"), period_start = column("period_start"),
             period_end = column("period_end"), total_reports = column("total_reports"),
             not_yet_assigned = column("not_yet_assigned"), foi_reference = column("foi_reference"),
             received_on = column("received_on"), created_at_micros = column("created_at_micros"),
             suppression_threshold = column("suppression_threshold"),
             created_by = column("created_by"), source = column("source"),
             reason = column("reason"), unaccounted_reports = column("unaccounted_reports"),
             unknown_outcome_reports = column("unknown_outcome_reports"),
             exemptions = column("exemptions");
  returns.reserve(result.size());
  for (const auto& row : result) {
    FoiReturn& found = returns.emplace_back();
    found.return_id = row[return_id].as<std::string>();
    found.version = row[version].as<int>();
    found.status = StatusFromText(row[status].as<std::string>());
    found.force_id = row[force_id].as<std::string>();
    found.offence_id = row[offence_id].as<std::string>();
    found.period_start = row[period_start].as<std::string>();
    found.period_end = row[period_end].as<std::string>();
    found.total_reports = row[total_reports].as<int64_t>();
    found.not_yet_assigned = row[not_yet_assigned].as<int64_t>();
    found.foi_reference = row[foi_reference].as<std::string>();
    found.received_on = row[received_on].as<std::string>();
    found.created_at = absl::FromUnixMicros(row[created_at_micros].as<int64_t>());
    found.suppression_threshold = row[suppression_threshold].as<int>();
    found.created_by = row[created_by].as<std::string>();
    found.source = row[source].as<std::string>();
    found.reason = row[reason].as<std::string>();
    found.unaccounted_reports = row[unaccounted_reports].as<int64_t>();
    found.unknown_outcome_reports = row[unknown_outcome_reports].as<int64_t>();
    found.exemptions = absl::StrSplit(row[exemptions].as<std::string>(), ' ', absl::SkipEmpty());
  }
  return returns;
}

void LoadLines(pqxx::transaction_base& txn, std::vector<FoiReturn>& returns) {
  if (returns.empty()) return;
  std::vector<std::optional<std::string>> ids;
  std::vector<std::optional<int64_t>> versions;
  for (const FoiReturn& r : returns) {
    ids.push_back(r.return_id);
    versions.push_back(r.version);
  }
  const pqxx::result rows =
      txn.exec_params(std::string(kSelectLinesOfVersions), db::TextArrayLiteral(ids),
                      db::IntArrayLiteral(versions));
  if (rows.empty()) return;
  const auto return_id = rows.column_number("return_id"), version = rows.column_number("version"),
             count = rows.column_number("count"), suppressed = rows.column_number("suppressed"),
             label = rows.column_number("label"),
             outcome_types = rows.column_number("outcome_types");
  // Both are ordered by return id and version: walk them together.
  size_t next = 0;
  for (const auto& row : rows) {
    const std::string line_return_id = row[return_id].as<std::string>();
    const int line_version = row[version].as<int>();
    while (next < returns.size() &&
           (returns[next].return_id != line_return_id || returns[next].version != line_version)) {
      ++next;
    }
    if (next == returns.size()) break;
    ReturnLine line;
    if (!row[count].is_null()) line.count = row[count].as<int64_t>();
    line.suppressed = row[suppressed].as<bool>();
    line.label = row[label].as<std::string>();
    line.outcome_types = absl::StrSplit(row[outcome_types].as<std::string>(), ' ');
    returns[next].lines.push_back(std::move(line));
  }
}

void VersionRows::Add(const FoiReturn& r, const std::string& key_id, const std::string& source,
                      absl::string_view action, const RequestClaim& claim) {
  return_id_.push_back(r.return_id);
  version_.push_back(r.version);
  force_id_.push_back(r.force_id);
  offence_id_.push_back(r.offence_id);
  period_start_.push_back(r.period_start);
  period_end_.push_back(r.period_end);
  total_reports_.push_back(r.total_reports);
  not_yet_assigned_.push_back(r.not_yet_assigned);
  foi_reference_.push_back(r.foi_reference);
  received_on_.push_back(UnlessEmpty(r.received_on));
  suppression_threshold_.push_back(r.suppression_threshold);
  created_by_.push_back(key_id);
  source_.push_back(source);
  reason_.push_back(r.reason);
  action_.push_back(std::string(action));
  request_id_.push_back(UnlessEmpty(claim.request_id));
  unaccounted_reports_.push_back(r.unaccounted_reports);
  unknown_outcome_reports_.push_back(r.unknown_outcome_reports);
  exemptions_.push_back(absl::StrJoin(r.exemptions, " "));
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const ReturnLine& line = r.lines[i];
    line_return_id_.push_back(r.return_id);
    line_no_.push_back(static_cast<int64_t>(i));
    count_.push_back(line.count);
    suppressed_.push_back(line.suppressed);
    label_.push_back(line.label);
    outcome_types_.push_back(absl::StrJoin(line.outcome_types, " "));
  }
}

absl::flat_hash_map<std::string, absl::Time> VersionRows::Insert(
    pqxx::transaction_base& txn) const {
  using db::BoolArrayLiteral, db::IntArrayLiteral, db::TextArrayLiteral;
  const pqxx::result inserted = db::ExecPrepared(
      txn, "insert_versions", kInsertVersions, TextArrayLiteral(return_id_),
      IntArrayLiteral(version_), TextArrayLiteral(force_id_), TextArrayLiteral(offence_id_),
      TextArrayLiteral(period_start_), TextArrayLiteral(period_end_),
      IntArrayLiteral(total_reports_), IntArrayLiteral(not_yet_assigned_),
      TextArrayLiteral(foi_reference_), TextArrayLiteral(received_on_),
      IntArrayLiteral(suppression_threshold_), TextArrayLiteral(created_by_),
      TextArrayLiteral(source_), TextArrayLiteral(reason_), TextArrayLiteral(action_),
      TextArrayLiteral(request_id_), TextArrayLiteral(line_return_id_), IntArrayLiteral(line_no_),
      IntArrayLiteral(count_), BoolArrayLiteral(suppressed_), TextArrayLiteral(label_),
      TextArrayLiteral(outcome_types_), IntArrayLiteral(unaccounted_reports_),
      IntArrayLiteral(unknown_outcome_reports_), TextArrayLiteral(exemptions_));
  absl::flat_hash_map<std::string, absl::Time> created_at;
  for (const auto& row : inserted) {
    created_at[row["return_id"].as<std::string>()] =
        absl::FromUnixMicros(row["created_at_micros"].as<int64_t>());
  }
  return created_at;
}

}  // namespace foi::ingest
