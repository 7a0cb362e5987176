// File: ingest-service/src/xlsx_screening.h
//
// Hidden content: what a workbook holds that a reader of its sheet would not see, and that
// must not be imported by accident (a named victim, an unredacted figure). Hidden sheets
// holding values, hidden rows and columns of the sheet read holding values, comments and
// notes (and comments parts no sheet refers to), pivot caches. Each is a finding naming where
// it is, never what it holds; a workbook with any is refused with HIDDEN_CONTENT.
//
//   Findings findings;
//   FOI_RETURN_IF_ERROR(FindHiddenSheetValues(package, workbook, &findings));
//   AddHiddenRowsAndColumns(sheet.name, scan.hidden, &findings);
//   FOI_RETURN_IF_ERROR(FindComments(package, workbook, &findings));
//   FindPivotCaches(package, workbook, &findings);
//   if (!findings.empty()) return findings.Refusal(sheet.name);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ingest-service/src/xlsx_package.h"
#include "ingest-service/src/xlsx_reader.h"
#include "ingest-service/src/xlsx_workbook.h"

namespace foi::ingest::xlsx {

// Hidden-content findings listed; more are only counted.
inline constexpr size_t kMaxFindings = 100;

// One place holding content a reader of the sheet would not see. Never the content itself.
struct Finding {
  std::string field;        // where: "Reply!4:4", "Workings"
  std::string description;  // what, for the field violation
  std::string sentence;     // both, for the message
};

class Findings {
 public:
  void Add(Finding finding) {
    ++count_;
    if (kept_.size() < kMaxFindings) kept_.push_back(std::move(finding));
  }
  // Findings known only by their number (beyond those a scan kept).
  void AddUnlisted(int64_t count) { count_ += count; }

  bool empty() const { return count_ == 0; }

  // FAILED_PRECONDITION (HIDDEN_CONTENT) naming the findings, as field violations and in the
  // message, as far as each has room; `sheet` is the sheet read.
  absl::Status Refusal(absl::string_view sheet) const;

 private:
  std::vector<Finding> kept_;
  int64_t count_ = 0;
};

// What the scan of the sheet read (ScanSheet, xlsx_sheet.h) learns of its hidden rows and
// columns, by column number (1-based) up to kMaxXlsxColumns.
struct HiddenRowsAndColumns {
  std::vector<bool> hidden_columns = std::vector<bool>(kMaxXlsxColumns + 1);
  std::vector<bool> columns_with_values = std::vector<bool>(kMaxXlsxColumns + 1);
  std::vector<int64_t> hidden_rows_with_values;  // the first kMaxFindings
  int64_t hidden_row_count = 0;                  // all of them
};

// Adds a finding for each hidden sheet (hidden or very hidden) holding any value. FILE_INVALID
// when such a sheet cannot be read.
absl::Status FindHiddenSheetValues(Package& package, const Workbook& workbook, Findings* findings);

// Adds a finding for each hidden row, and each hidden column, of sheet `sheet` holding values.
void AddHiddenRowsAndColumns(absl::string_view sheet, const HiddenRowsAndColumns& hidden,
                             Findings* findings);

// Adds a finding for each cell of any sheet with a comment or note, and for each comments part
// no sheet refers to. FILE_INVALID when comments cannot be read.
absl::Status FindComments(Package& package, const Workbook& workbook, Findings* findings);

// Adds a finding when the workbook has a pivot cache.
void FindPivotCaches(const Package& package, const Workbook& workbook, Findings* findings);

}  // namespace foi::ingest::xlsx
