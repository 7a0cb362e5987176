// File: ingest-service/src/xlsx_sheet.h
//
// Reads a worksheet part as records, in two passes over its XML. The scan learns what is only
// known at the end (merged ranges are listed after the cells) and which rows and columns are
// hidden, and checks every cell, so that a sheet that cannot be read gives no record. Reading
// then gives the records: cells as xlsx_cells.h reads them, every cell of a merged range as
// its top-left cell, hidden rows and columns left out. One limit is only met while giving
// records: the text given, with merged cells repeated, comes to at most kMaxXlsxPartBytes.
//
//   FOI_ASSIGN_OR_RETURN(const SheetScan scan, ScanSheet(package, context));
//   FOI_RETURN_IF_ERROR(ReadSheetRecords(package, context, scan, on_record));
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ingest-service/src/csv_reader.h"
#include "ingest-service/src/xlsx_cells.h"
#include "ingest-service/src/xlsx_package.h"
#include "ingest-service/src/xlsx_screening.h"

namespace foi::ingest::xlsx {

// A merged range, 1-based and inclusive.
struct MergedRange {
  int64_t first_row = 0;
  int64_t last_row = 0;
  int first_column = 0;
  int last_column = 0;
};

// What reading a sheet needs from the rest of the workbook.
struct SheetContext {
  std::string name;
  std::string part;
  const SharedStrings* strings = nullptr;
  const std::vector<bool>* date_styles = nullptr;  // by cell style: shows a date
  bool date1904 = false;
};

// What the scan of a sheet learns, for reading its records.
struct SheetScan {
  std::vector<MergedRange> merges;  // by first row, then column; no two overlap
  HiddenRowsAndColumns hidden;
};

// Scans the sheet. FILE_INVALID when its XML, a cell, a row number, a column or a merged range
// cannot be read (overlapping merged ranges included); a cell over kMaxCellBytes of text, or
// holding a value beyond column kMaxXlsxColumns, is refused the same way. FILE_TOO_LARGE past
// the package's limits (Package::ParseXml).
absl::StatusOr<SheetScan> ScanSheet(Package& package, const SheetContext& context);

// Reads the sheet scanned as `scan`, calling `on_record` for every row holding at least one
// non-blank visible cell, as ReadXlsxSheet (xlsx_reader.h) says. FILE_TOO_LARGE once the text
// given comes to over kMaxXlsxPartBytes; `on_record` has then been called for some rows.
absl::Status ReadSheetRecords(Package& package, const SheetContext& context, const SheetScan& scan,
                              const std::function<void(const CsvRecord&)>& on_record);

}  // namespace foi::ingest::xlsx
