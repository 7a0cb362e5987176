#include "ingest-service/src/xlsx_screening.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/field_violations.h"
#include "common/status_macros.h"
#include "ingest-service/src/xlsx_cells.h"
#include "ingest-service/src/xlsx_elements.h"
#include "ingest-service/src/xlsx_errors.h"
#include "ingest-service/src/xlsx_xml.h"

namespace foi::ingest::xlsx {
namespace {

// The part of the refusal's message that lists findings, at most (gRPC trailers are small).
constexpr size_t kFindingsMessageBudget = 1000;
// Comments whose cells are kept in memory: far beyond any real workbook, but bounded.
constexpr size_t kMaxCommentRefs = 1 << 20;

// Whether a sheet holds any value at all: it stops at the first.
class AnyValueReader : public XmlVisitor {
 public:
  void Start(absl::string_view name, XmlAttributes) override {
    const Tag tag = elements_.Push(name);
    if (tag == Tag::kValue || tag == Tag::kInlineString) {
      found_ = true;
      Done();
    }
  }
  void End(absl::string_view) override { elements_.Pop(); }
  bool found() const { return found_; }

 private:
  ElementStack elements_;
  bool found_ = false;
};

// The cells comments are attached to (notes, and threaded comments with their replies).
class CommentsReader : public XmlVisitor {
 public:
  explicit CommentsReader(std::vector<std::pair<int64_t, int>>* cells) : cells_(cells) {}

  void Start(absl::string_view name, XmlAttributes attributes) override {
    if (name != "comment" && name != "threadedComment") return;
    if (cells_->size() >= kMaxCommentRefs) {
      ++unlisted_;
      return;
    }
    int column = 0;
    int64_t row = 0;
    if (!ParseCellRef(attributes.Get("ref"), &column, &row)) row = column = 0;
    cells_->emplace_back(row, column);
  }
  int64_t unlisted() const { return unlisted_; }

 private:
  std::vector<std::pair<int64_t, int>>* cells_;
  int64_t unlisted_ = 0;
};

bool IsCommentsType(absl::string_view type) {
  return absl::EndsWith(type, "/comments") || absl::EndsWith(type, "/threadedComment");
}

}  // namespace

absl::Status Findings::Refusal(absl::string_view sheet) const {
  std::vector<FieldViolation> violations;
  for (const Finding& finding : kept_) violations.push_back({finding.field, finding.description});
  const int64_t unlisted = count_ - static_cast<int64_t>(kept_.size());
  if (unlisted > 0) violations.push_back({"more", absl::StrCat("and ", unlisted, " more")});

  std::string list;
  size_t listed = 0;
  for (const Finding& finding : kept_) {
    if (list.size() + finding.sentence.size() > kFindingsMessageBudget) break;
    absl::StrAppend(&list, listed == 0 ? "" : "; ", finding.sentence);
    ++listed;
  }
  if (static_cast<int64_t>(listed) < count_) {
    absl::StrAppend(&list, "; and ", count_ - static_cast<int64_t>(listed), " more");
  }
  absl::Status status = absl::FailedPreconditionError(
      absl::StrCat("the workbook holds content a reader of sheet ", sheet,
                   " would not see, so nothing was imported: ", list,
                   ". Remove it, or import with allow_hidden_content"));
  // The details (field violations and reason) are made as for any invalid field.
  const absl::Status details = InvalidArgumentWithViolations("", violations, "HIDDEN_CONTENT");
  details.ForEachPayload([&status](absl::string_view type_url, const absl::Cord& payload) {
    status.SetPayload(type_url, payload);
  });
  return status;
}

absl::Status FindHiddenSheetValues(Package& package, const Workbook& workbook, Findings* findings) {
  std::map<std::string, bool> part_has_values;  // a part two sheets share is read once
  for (const SheetInfo& sheet : workbook.sheets) {
    if (!sheet.hidden || sheet.part.empty() || !package.Has(sheet.part)) continue;
    const std::string key = absl::AsciiStrToLower(sheet.part);
    if (!part_has_values.count(key)) {
      AnyValueReader reader;
      FOI_RETURN_IF_ERROR(package.ParseXml(sheet.part, reader));
      part_has_values[key] = reader.found();
    }
    if (!part_has_values[key]) continue;
    const absl::string_view how = sheet.very_hidden ? "very hidden" : "hidden";
    findings->Add({sheet.name, absl::StrCat(how, " sheet holding values"),
                   absl::StrCat("sheet ", sheet.name, " (", how, ") holds values")});
  }
  return absl::OkStatus();
}

void AddHiddenRowsAndColumns(absl::string_view sheet, const HiddenRowsAndColumns& hidden,
                             Findings* findings) {
  for (int64_t row : hidden.hidden_rows_with_values) {
    const std::string where = SheetRef(sheet, absl::StrCat(row, ":", row));
    findings->Add(
        {where, "hidden row holding values", absl::StrCat(where, " (hidden row) holds values")});
  }
  findings->AddUnlisted(hidden.hidden_row_count -
                        static_cast<int64_t>(hidden.hidden_rows_with_values.size()));
  for (int column = 1; column <= kMaxXlsxColumns; ++column) {
    if (!hidden.hidden_columns[column] || !hidden.columns_with_values[column]) continue;
    const std::string letters = ColumnLetters(column);
    const std::string where = SheetRef(sheet, absl::StrCat(letters, ":", letters));
    findings->Add({where, "hidden column holding values",
                   absl::StrCat(where, " (hidden column) holds values")});
  }
}

absl::Status FindComments(Package& package, const Workbook& workbook, Findings* findings) {
  absl::flat_hash_set<std::string> reached;  // comments parts, lower case
  for (const SheetInfo& sheet : workbook.sheets) {
    if (sheet.part.empty()) continue;
    FOI_ASSIGN_OR_RETURN(const std::vector<Relationship> relationships,
                         ReadRelationships(package, sheet.part));
    std::vector<std::pair<int64_t, int>> cells;  // (row, column); (0, 0) when unreadable
    int64_t unlisted = 0;
    for (const Relationship& relationship : relationships) {
      if (!IsCommentsType(relationship.type) || !package.Has(relationship.part)) continue;
      if (!reached.insert(absl::AsciiStrToLower(relationship.part)).second) continue;
      CommentsReader reader(&cells);
      FOI_RETURN_IF_ERROR(package.ParseXml(relationship.part, reader));
      unlisted += reader.unlisted();
    }
    // A threaded comment comes with a note on the same cell, for older versions of Excel.
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    for (const auto& [row, column] : cells) {
      const std::string where =
          row == 0 ? QuotedSheetName(sheet.name) : SheetRef(sheet.name, CellName(column, row));
      findings->Add({where, "comment or note", absl::StrCat(where, " has a comment")});
    }
    findings->AddUnlisted(unlisted);
  }
  // Comments no sheet refers to are still in the file.
  for (const std::string& name : package.names()) {
    const std::string lower = absl::AsciiStrToLower(name);
    const bool comments =
        (absl::StartsWith(lower, "xl/comments") && absl::EndsWith(lower, ".xml")) ||
        absl::StartsWith(lower, "xl/threadedcomments/");
    if (!comments || reached.contains(lower) || absl::EndsWith(lower, "/")) continue;
    const std::string where = Shorten(name);
    findings->Add({where, "comments no sheet refers to",
                   absl::StrCat(where, " holds comments no sheet refers to")});
  }
  return absl::OkStatus();
}

void FindPivotCaches(const Package& package, const Workbook& workbook, Findings* findings) {
  bool found = workbook.pivot_caches;
  for (const std::string& name : package.names()) {
    if (absl::StartsWith(absl::AsciiStrToLower(name), "xl/pivotcache/")) found = true;
  }
  if (found) {
    findings->Add({"pivot cache", "a pivot cache keeps a copy of the data a pivot table sums up",
                   "the workbook has a pivot cache"});
  }
}

}  // namespace foi::ingest::xlsx
