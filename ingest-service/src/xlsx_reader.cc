#include "ingest-service/src/xlsx_reader.h"

#include <memory>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest-service/src/xlsx_cells.h"
#include "ingest-service/src/xlsx_errors.h"
#include "ingest-service/src/xlsx_package.h"
#include "ingest-service/src/xlsx_screening.h"
#include "ingest-service/src/xlsx_sheet.h"
#include "ingest-service/src/xlsx_workbook.h"

namespace foi::ingest {

absl::StatusOr<std::string> ReadXlsxSheet(absl::string_view workbook, const XlsxOptions& options,
                                          const std::function<void(const CsvRecord&)>& on_record) {
  if (static_cast<int64_t>(workbook.size()) > kMaxXlsxBytes) {
    return xlsx::TooLarge(absl::StrCat("the workbook is larger than ", kMaxXlsxBytes, " bytes"),
                          kMaxXlsxBytes);
  }
  if (!LooksLikeXlsx(workbook)) {
    constexpr absl::string_view kOle2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    return xlsx::Unreadable("file", absl::StartsWith(workbook, kOle2)
                                        ? "an .xls workbook, or one with a password: save it as "
                                          "an Excel Workbook (.xlsx) without a password"
                                        : "not a ZIP archive, as every .xlsx workbook is");
  }
  FOI_ASSIGN_OR_RETURN(std::unique_ptr<xlsx::Package> package, xlsx::Package::Open(workbook));
  FOI_ASSIGN_OR_RETURN(const xlsx::Workbook book, xlsx::ReadWorkbook(*package));
  FOI_ASSIGN_OR_RETURN(const xlsx::SheetInfo* sheet, xlsx::ChooseSheet(book, options.sheet));
  if (sheet->part.empty() || !package->Has(sheet->part)) {
    return xlsx::Unreadable(sheet->name, "the workbook does not hold this sheet's cells");
  }

  xlsx::Findings findings;
  if (!options.allow_hidden_content) {
    FOI_RETURN_IF_ERROR(xlsx::FindHiddenSheetValues(*package, book, &findings));
  }
  FOI_ASSIGN_OR_RETURN(const xlsx::SharedStrings strings,
                       xlsx::ReadSharedStrings(*package, book.shared_strings_part));
  FOI_ASSIGN_OR_RETURN(const std::vector<bool> date_styles,
                       xlsx::ReadDateStyles(*package, book.styles_part));
  const xlsx::SheetContext context{sheet->name, sheet->part, &strings, &date_styles, book.date1904};

  FOI_ASSIGN_OR_RETURN(const xlsx::SheetScan scan, xlsx::ScanSheet(*package, context));
  if (!options.allow_hidden_content) {
    xlsx::AddHiddenRowsAndColumns(sheet->name, scan.hidden, &findings);
    FOI_RETURN_IF_ERROR(xlsx::FindComments(*package, book, &findings));
    xlsx::FindPivotCaches(*package, book, &findings);
    if (!findings.empty()) return findings.Refusal(sheet->name);
  }

  FOI_RETURN_IF_ERROR(xlsx::ReadSheetRecords(*package, context, scan, on_record));
  return sheet->name;
}

bool LooksLikeXlsx(absl::string_view bytes) {
  return absl::StartsWith(bytes, absl::string_view("PK\x03\x04", 4));
}

}  // namespace foi::ingest
