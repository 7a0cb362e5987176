#include "ingest-service/src/xlsx_workbook.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error_info.h"
#include "common/status_macros.h"
#include "ingest-service/src/xlsx_errors.h"
#include "ingest-service/src/xlsx_xml.h"

namespace foi::ingest::xlsx {
namespace {

// Sheets are kept in memory: far beyond any real workbook, but bounded.
constexpr size_t kMaxSheets = 10000;
constexpr size_t kMaxSheetNameBytes = 255;

class WorkbookReader : public XmlVisitor {
 public:
  explicit WorkbookReader(Workbook* workbook) : workbook_(workbook) {}

  void Start(absl::string_view name, XmlAttributes attributes) override {
    if (name == "sheet") {
      AddSheet(attributes);
    } else if (name == "workbookPr") {
      workbook_->date1904 = IsTrue(attributes.Get("date1904"));
    } else if (name == "pivotCaches") {
      workbook_->pivot_caches = true;
    }
  }

 private:
  void AddSheet(XmlAttributes attributes) {
    SheetInfo sheet;
    sheet.name = std::string(attributes.Get("name"));
    if (sheet.name.size() > kMaxSheetNameBytes) {
      Fail(Unreadable(workbook_->part, absl::StrCat("names a sheet in over ", kMaxSheetNameBytes,
                                                    " bytes; Excel allows 31 characters")));
      return;
    }
    if (workbook_->sheets.size() >= kMaxSheets) {
      Fail(Unreadable(workbook_->part, "lists too many sheets"));
      return;
    }
    // Any state but "visible" hides the sheet: hidden, veryHidden, or one not known.
    const absl::string_view state = attributes.Get("state");
    sheet.very_hidden = state == "veryHidden";
    sheet.hidden = !state.empty() && state != "visible";
    sheet.relationship_id = std::string(attributes.Get("id"));
    workbook_->sheets.push_back(std::move(sheet));
  }

  Workbook* workbook_;
};

// The names of the visible sheets, for a message.
std::string VisibleSheetNames(const Workbook& workbook) {
  constexpr size_t kMaxListed = 20;
  std::vector<std::string> names;
  size_t visible = 0;
  for (const SheetInfo& sheet : workbook.sheets) {
    if (sheet.hidden || !sheet.worksheet) continue;
    if (++visible <= kMaxListed) names.push_back(absl::StrCat("\"", sheet.name, "\""));
  }
  if (names.empty()) return "no sheet is visible";
  std::string text = absl::StrCat("the visible sheets are ", absl::StrJoin(names, ", "));
  if (visible > kMaxListed) absl::StrAppend(&text, " and ", visible - kMaxListed, " more");
  return text;
}

}  // namespace

absl::StatusOr<Workbook> ReadWorkbook(Package& package) {
  Workbook workbook;
  // The package's relationships say where the workbook is; writers all put it here.
  FOI_ASSIGN_OR_RETURN(const std::vector<Relationship> package_relationships,
                       ReadRelationships(package, ""));
  workbook.part = PartOfType(package_relationships, "officeDocument");
  if (workbook.part.empty() || !package.Has(workbook.part)) workbook.part = "xl/workbook.xml";
  if (!package.Has(workbook.part)) {
    return Unreadable(workbook.part, "missing: the file is a ZIP archive, but not a workbook");
  }
  WorkbookReader reader(&workbook);
  FOI_RETURN_IF_ERROR(package.ParseXml(workbook.part, reader));

  FOI_ASSIGN_OR_RETURN(const std::vector<Relationship> relationships,
                       ReadRelationships(package, workbook.part));
  for (SheetInfo& sheet : workbook.sheets) {
    for (const Relationship& relationship : relationships) {
      if (relationship.id != sheet.relationship_id) continue;
      sheet.part = relationship.part;
      sheet.worksheet = absl::EndsWith(relationship.type, "/worksheet");
    }
  }
  workbook.shared_strings_part = PartOfType(relationships, "sharedStrings");
  workbook.styles_part = PartOfType(relationships, "styles");
  return workbook;
}

absl::StatusOr<const SheetInfo*> ChooseSheet(const Workbook& workbook, absl::string_view name) {
  const SheetInfo* chosen = nullptr;
  for (const SheetInfo& sheet : workbook.sheets) {
    if (name.empty() ? !sheet.hidden && sheet.worksheet : sheet.name == name) {
      chosen = &sheet;
      break;
    }
  }
  // Excel's sheet names ignore case: "reply" can only mean "Reply".
  for (size_t i = 0; chosen == nullptr && !name.empty() && i < workbook.sheets.size(); ++i) {
    if (absl::EqualsIgnoreCase(workbook.sheets[i].name, name)) chosen = &workbook.sheets[i];
  }
  if (name.empty() && chosen == nullptr) {
    return Unreadable(workbook.part, "has no visible sheet to read");
  }
  if (chosen == nullptr || (!chosen->hidden && !chosen->worksheet)) {
    return WithReason(absl::InvalidArgumentError(
                          absl::StrCat("the workbook has no sheet of cells named \"", Shorten(name),
                                       "\"; ", VisibleSheetNames(workbook))),
                      "SHEET_NOT_FOUND", {{"sheet", Shorten(name)}});
  }
  if (chosen->hidden) {
    return WithReason(
        absl::InvalidArgumentError(absl::StrCat("sheet \"", chosen->name,
                                                "\" is hidden, and hidden sheets are never read; ",
                                                VisibleSheetNames(workbook))),
        "SHEET_HIDDEN", {{"sheet", chosen->name}});
  }
  return chosen;
}

}  // namespace foi::ingest::xlsx
