// File: ingest-service/src/import_row.h
//
// One data row of an import spreadsheet, read against the catalog: a force by id or by the
// names forces go by, an offence id, ISO-8601 dates, and an outcome given as outcome types
// ("2+3+8"), an outcome group id, or a label forces use ("Community resolution"), or as the
// uploader's own labels say (outcome_labels.h). A withheld count may be written "<5", "*",
// "1-4", "withheld" or left blank.
//
// The figures layout (docs/import.md): a header row naming the columns
//   force, offence, period_start, period_end, foi_reference, total_reports, not_yet_assigned,
//   outcome, count
// and optionally unaccounted_reports, unknown_outcome_reports, exemptions (sections of the
// FOI Act separated by ';'; blank means 0 or none) and received_on, in any order, then one row per
// line of a return. A row whose outcome and count are both blank gives the return's own fields
// only.
//
// The cases layout: one row per report, naming force, offence, period_start, period_end,
// foi_reference and outcome (other columns are not read); the import counts the rows.
//
// An ImportMapping (import_mapping.h) lets a file keep its own headers ("Police force"), give
// a value for every row instead of a column, and name forces its own way.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/catalog.h"
#include "ingest-service/src/csv_reader.h"
#include "ingest-service/src/import_mapping.h"
#include "ingest-service/src/outcome_labels.h"
#include "ingest-service/src/unknown_names.h"

namespace foi::ingest {

enum class ImportColumn {
  kForce,
  kOffence,
  kPeriodStart,
  kPeriodEnd,
  kFoiReference,
  kTotalReports,
  kNotYetAssigned,
  kOutcome,
  kCount,
  // Optional: a file without them means 0 and none.
  kUnaccountedReports,
  kUnknownOutcomeReports,
  kExemptions,
  kReceivedOn,
};
inline constexpr size_t kImportColumnCount = 13;

absl::string_view ImportColumnName(ImportColumn column);
// Every column's name, separated by ", ", for messages.
std::string ImportColumnNames();
// The column of that name (exactly, as ImportColumnName gives it), or nullopt.
std::optional<ImportColumn> ImportColumnOfName(absl::string_view name);

struct ImportRow {
  int64_t row = 0;
  std::string force_id;
  std::string offence_id;
  std::string period_start;
  std::string period_end;
  std::string foi_reference;
  int64_t total_reports = 0;
  int64_t not_yet_assigned = 0;
  int64_t unaccounted_reports = 0;
  int64_t unknown_outcome_reports = 0;
  std::vector<std::string> exemptions;
  std::string received_on;  // empty when not given
  // Empty for a row that gives only the return's own fields (outcome and count both blank):
  // a refusal, or a reply that gives only a total.
  std::vector<std::string> outcome_types;
  // What the row's outcome makes of it: a line (outcome_types and count), reports counted
  // in one of the return's own fields, or no report at all.
  OutcomeKind kind = OutcomeKind::kLine;
  std::optional<int64_t> count;  // nullopt when withheld; 1 in the cases layout
  std::string label;             // the outcome as written
};

// Where each column is in the file (0-based field index), and what the uploader said about
// the file (import_mapping.h).
class ImportLayout {
 public:
  // Reads the header record; errors name each missing, unknown or repeated column. Header
  // cells are compared trimmed and in any case with the text `mapping.columns` gives a column,
  // else with the column's own name. Without `mapping.columns`, every cell must name a column,
  // once; with it, other cells (blank, repeated or unknown) are ignored, but a column read
  // must be in one cell only. A column `mapping.defaults` gives need not be in the file.
  // Keys of `mapping` that name no column are ignored (CheckImportMapping reports them).
  static ImportLayout FromHeader(const CsvRecord& header, const ImportMapping& mapping,
                                 std::vector<CsvError>& errors);
  static ImportLayout FromHeader(const CsvRecord& header, std::vector<CsvError>& errors) {
    return FromHeader(header, {}, errors);
  }

  bool ok() const { return ok_; }
  RowLayout row_layout() const { return row_layout_; }
  // Whether rows of this layout read `column` (the cases layout reads no counts).
  bool Reads(ImportColumn column) const;
  // The uploader's outcome labels, normalised.
  const OutcomeLabels& outcome_labels() const { return outcome_labels_; }
  // The file's force names the uploader mapped, as given.
  std::vector<std::string> MappedForceNames() const;
  // 1-based column number of `column`, for error messages; 0 when the file has no such column.
  int ColumnNumber(ImportColumn column) const { return index_[static_cast<size_t>(column)] + 1; }
  // The cell of `column`; its default when the cell is blank or the file has no such column.
  const std::string& Field(const CsvRecord& record, ImportColumn column) const;
  // The force id the mapping gives the file's force name (compared as NormaliseLabel does),
  // or nullptr.
  const std::string* MappedForceId(absl::string_view name) const;

  // The force whose full name has one of `forms` (NameForms of a normalised name), from a
  // table of every force's name forms built on first use: an import's rows all resolve
  // against one catalog, and a file names its forces on every row.
  const Force* ForceByFullName(const std::vector<std::string>& forms, const Catalog& catalog) const;

 private:
  mutable std::map<std::string, const Force*, std::less<>> forces_by_full_name_;
  std::array<int, kImportColumnCount> index_{};
  std::array<std::optional<std::string>, kImportColumnCount> defaults_{};
  std::map<std::string, std::string, std::less<>> force_names_;  // normalised name -> id
  OutcomeLabels outcome_labels_;
  RowLayout row_layout_ = RowLayout::kFigures;
  bool ok_ = false;
};

// Reads one data record; on any problem appends errors (with row and column) and returns
// nullopt. Forces and outcome labels that resolve to nothing go to `unknown`, to be reported
// once each for the whole file.
std::optional<ImportRow> ParseImportRow(const CsvRecord& record, const ImportLayout& layout,
                                        const Catalog& catalog, std::vector<CsvError>& errors,
                                        UnknownNames& unknown);
// The same, reporting unknown names of this row among its errors at once.
std::optional<ImportRow> ParseImportRow(const CsvRecord& record, const ImportLayout& layout,
                                        const Catalog& catalog, std::vector<CsvError>& errors);

// The ways a normalised force name may be written: as it is, without a trailing "police",
// "constabulary" or "police service", and without a leading "police service of" or "police"
// ("Police Scotland").
std::vector<std::string> ForceNameForms(const std::string& name);

// Lower case, single spaces, any dash as '-', '&' as "and": how labels and names are compared.
std::string NormaliseLabel(absl::string_view text);

}  // namespace foi::ingest
