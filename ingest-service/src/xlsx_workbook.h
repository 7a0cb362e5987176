// File: ingest-service/src/xlsx_workbook.h
//
// The workbook part of a package: its sheets (by name, in order, with whether each is hidden
// and where its cells are), its date system, whether it has pivot caches, and where its shared
// strings and styles are. Choosing the sheet to read happens here too, since what a wrong
// choice says lists the visible sheets.
//
//   FOI_ASSIGN_OR_RETURN(const Workbook workbook, ReadWorkbook(package));
//   FOI_ASSIGN_OR_RETURN(const SheetInfo* sheet, ChooseSheet(workbook, "Reply"));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest-service/src/xlsx_package.h"

namespace foi::ingest::xlsx {

struct SheetInfo {
  std::string name;
  bool hidden = false;
  bool very_hidden = false;
  // Not a chart sheet or a dialog sheet. A sheet the workbook does not say where to find counts
  // as a worksheet, so that naming it says the workbook is broken.
  bool worksheet = true;
  std::string relationship_id;
  std::string part;  // empty when the workbook does not say where the sheet is
};

struct Workbook {
  std::string part;
  std::vector<SheetInfo> sheets;
  bool date1904 = false;
  bool pivot_caches = false;
  std::string shared_strings_part;  // empty when the workbook does not say
  std::string styles_part;          // empty when the workbook does not say
};

// The workbook the package's relationships name (or xl/workbook.xml, where writers all put
// it). FILE_INVALID when there is none, or it cannot be read.
absl::StatusOr<Workbook> ReadWorkbook(Package& package);

// The sheet named `name`, or, for an empty name, the first visible worksheet. Names are
// matched exactly, then ignoring case, as Excel's are. Errors (INVALID_ARGUMENT): FILE_INVALID
// when no sheet is visible, SHEET_NOT_FOUND when no worksheet has the name, SHEET_HIDDEN when
// the sheet named is hidden; the last two list the visible sheets.
absl::StatusOr<const SheetInfo*> ChooseSheet(const Workbook& workbook, absl::string_view name);

}  // namespace foi::ingest::xlsx
