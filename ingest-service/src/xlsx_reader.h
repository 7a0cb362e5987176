// File: ingest-service/src/xlsx_reader.h
//
// Reads one sheet of an Excel .xlsx workbook as the records the CSV reader would give for the
// same sheet saved as CSV, so that forces can send the workbook they already have. Cells read
// as Excel shows them where it matters for an import: dates as ISO dates, whole numbers
// without ".0", every cell of a merged range as its top-left cell.
//
// A workbook can hold what its reader never sees: hidden sheets, hidden rows and columns,
// comments, pivot caches. Such content (a named victim, an unredacted figure) must not be
// imported by accident, so a workbook holding any is refused, naming where, unless the caller
// allows it; then all of it is left out.
//
// The sheet's XML is inflated and parsed in chunks, twice: a first pass finds the merged
// ranges (listed after the cells) and the hidden content, and checks every cell, so that a
// sheet that cannot be read gives no record. One limit is only met while giving records: the
// text given, with merged cells repeated, comes to at most kMaxXlsxPartBytes (as much as the
// largest CSV file taken). A caller keeps nothing of a read that fails.
//
// Only shared strings are held in memory. Every part is bounded in size, so a zip bomb cannot
// exhaust memory or time.
//
//   absl::StatusOr<std::string> sheet = ReadXlsxSheet(bytes, {.sheet = "Reply"},
//                                                     [](const CsvRecord& record) { ... });
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest-service/src/csv_reader.h"  // CsvRecord {int64_t row; std::vector<std::string> fields;}

namespace foi::ingest {

struct XlsxOptions {
  std::string sheet;                  // the sheet to read, by name; empty: the first visible sheet
  bool allow_hidden_content = false;  // read despite hidden content, leaving all of it out
};

// Size limits: a larger workbook, or a sheet whose XML inflates beyond the second, is refused
// (INVALID_ARGUMENT, reason FILE_TOO_LARGE): a zip bomb cannot exhaust memory or time.
inline constexpr int64_t kMaxXlsxBytes = 64 << 20;
inline constexpr int64_t kMaxXlsxPartBytes = 1024LL << 20;  // any one decompressed part
inline constexpr int kMaxXlsxColumns = 256;

// Reads one sheet of the .xlsx workbook `workbook` (the whole file's bytes), calling `on_record`
// for every row holding at least one non-blank visible cell, in row order, with record.row = the
// sheet's row number (1-based, as Excel shows it) and record.fields[i] = the text of column i+1
// (A is fields[0]; fields sized to the last non-blank cell; blank cells are ""). Returns the name
// of the sheet read.
absl::StatusOr<std::string> ReadXlsxSheet(absl::string_view workbook, const XlsxOptions& options,
                                          const std::function<void(const CsvRecord&)>& on_record);

// "C" for column 3, "AA" for 27; "C7" for column 3 of row 7.
std::string ColumnLetters(int column);
std::string CellName(int column, int64_t row);

// True when `bytes` start like a ZIP file (an .xlsx), "PK\x03\x04".
bool LooksLikeXlsx(absl::string_view bytes);

}  // namespace foi::ingest
