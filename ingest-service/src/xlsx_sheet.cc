#include "ingest-service/src/xlsx_sheet.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/field_violations.h"
#include "common/status_macros.h"
#include "ingest-service/src/xlsx_elements.h"
#include "ingest-service/src/xlsx_errors.h"
#include "ingest-service/src/xlsx_reader.h"
#include "ingest-service/src/xlsx_xml.h"

namespace foi::ingest::xlsx {
namespace {

// The text of the records given, at most (as large as the largest CSV file taken): a small
// sheet repeating a long shared string, or merging a cell over a million rows, would otherwise
// make far more text than it holds.
constexpr int64_t kMaxRecordBytes = kMaxXlsxPartBytes;
// Merged ranges are kept in memory: far beyond any real workbook, but bounded.
constexpr size_t kMaxMergedRanges = 1 << 20;

// FILE_INVALID: a cell the import cannot take.
absl::Status BadCell(absl::string_view cell, absl::string_view why) {
  return InvalidArgumentWithViolations("the workbook cannot be imported",
                                       {{Shorten(cell), std::string(why)}}, "FILE_INVALID");
}

// A row height or column width of zero hides the row or column as surely as "hidden".
bool IsZeroSize(absl::string_view value) {
  double size = 0;
  return !value.empty() && absl::SimpleAtod(value, &size) && size == 0;
}

std::string RangeName(const MergedRange& range) {
  return absl::StrCat(CellName(range.first_column, range.first_row), ":",
                      CellName(range.last_column, range.last_row));
}

enum class CellType {
  kNumber,
  kSharedString,
  kInlineString,
  kFormulaString,
  kBoolean,
  kError,
  kDate
};

CellType CellTypeNamed(absl::string_view t) {
  if (t == "s") return CellType::kSharedString;
  if (t == "inlineStr") return CellType::kInlineString;
  if (t == "str") return CellType::kFormulaString;
  if (t == "b") return CellType::kBoolean;
  if (t == "e") return CellType::kError;
  if (t == "d") return CellType::kDate;
  return CellType::kNumber;
}

// Reads a sheet's XML. Scanning, it collects the merged ranges, hidden rows and columns, and
// checks every cell; emitting, it gives the records, with what the scan found.
class SheetReader : public XmlVisitor {
 public:
  // Scans into `scan`.
  SheetReader(const SheetContext& context, SheetScan* scan)
      : context_(context), scan_(*scan), scanning_(scan), on_record_(nullptr) {}
  // Emits the records of the sheet scanned as `scan`.
  SheetReader(const SheetContext& context, const SheetScan& scan,
              const std::function<void(const CsvRecord&)>& on_record)
      : context_(context), scan_(scan), scanning_(nullptr), on_record_(&on_record) {}

  void Start(absl::string_view name, XmlAttributes attributes) override {
    switch (elements_.Push(name)) {
      case Tag::kSheetData:
        if (seen_sheet_data_) Fail(Unreadable(context_.part, "holds two sheetData elements"));
        seen_sheet_data_ = true;
        break;
      case Tag::kRow:
        StartRow(attributes);
        break;
      case Tag::kCell:
        StartCell(attributes);
        break;
      case Tag::kValue:
        cell_.has_value = true;
        break;
      case Tag::kInlineString:
        cell_.has_inline_string = true;
        break;
      case Tag::kCol:
        if (!emitting()) AddColumns(attributes);
        break;
      case Tag::kMergeCell:
        if (!emitting()) AddMergedRange(attributes.Get("ref"));
        break;
      default:
        break;
    }
  }

  void End(absl::string_view) override {
    switch (elements_.Pop()) {
      case Tag::kCell:
        EndCell();
        break;
      case Tag::kRow:
        EndRow();
        break;
      case Tag::kSheetData:
        if (emitting()) FillGap(kMaxSheetRows + 1);
        break;
      default:
        break;
    }
  }

  void Text(absl::string_view text) override {
    if (elements_.top() == Tag::kValue) AppendRaw(text, &cell_.value);
    if (elements_.top() == Tag::kText) AppendRaw(text, &cell_.inline_text);
  }

  // After a scan: orders the merged ranges and refuses overlapping ones, which Excel cannot
  // show either (and which would make every cell of a row be filled many times over).
  absl::Status FinishScan() {
    std::vector<MergedRange>& merges = scanning_->merges;
    std::sort(merges.begin(), merges.end(), [](const MergedRange& a, const MergedRange& b) {
      return std::tie(a.first_row, a.first_column) < std::tie(b.first_row, b.first_column);
    });
    std::vector<const MergedRange*> covering(kMaxXlsxColumns + 1);
    for (const MergedRange& range : merges) {
      for (int column = range.first_column; column <= LastReadColumn(range); ++column) {
        const MergedRange* before = covering[column];
        if (before != nullptr && before->last_row >= range.first_row) {
          return Unreadable(SheetRef(context_.name, RangeName(range)),
                            absl::StrCat("overlaps the merged range ", RangeName(*before)));
        }
        covering[column] = &range;
      }
    }
    return absl::OkStatus();
  }

 private:
  struct Cell {
    int column = 0;
    CellType type = CellType::kNumber;
    int64_t style = 0;
    bool has_value = false;
    bool has_inline_string = false;
    std::string value;        // <v>, as written
    std::string inline_text;  // <is>, as written
  };

  // A merged range over the current row, and the text all its cells read as.
  struct ActiveMerge {
    const MergedRange* range;
    std::string text;
    bool anchor_pending;  // its top-left cell is in the current row, not yet read
  };

  bool emitting() const { return on_record_ != nullptr; }

  static int LastReadColumn(const MergedRange& range) {
    return std::min(range.last_column, kMaxXlsxColumns);
  }

  std::string Location(int column) const { return SheetRef(context_.name, CellName(column, row_)); }

  void StartRow(XmlAttributes attributes) {
    absl::string_view r;
    bool hidden = false;
    attributes.ForEach([&r, &hidden](absl::string_view name, absl::string_view value) {
      if (name == "r") r = value;
      if ((name == "hidden" && IsTrue(value)) || (name == "ht" && IsZeroSize(value))) {
        hidden = true;
      }
    });
    int64_t row = row_ + 1;
    if (!r.empty() && (!ParseIndex(r, &row) || row < 1)) {
      Fail(Unreadable(context_.part, absl::StrCat("numbers a row \"", Shorten(r), "\"")));
      return;
    }
    if (row <= row_ || row > kMaxSheetRows) {
      Fail(Unreadable(context_.part, absl::StrCat("has row ", row, " after row ", row_,
                                                  ": rows out of order or beyond Excel's last")));
      return;
    }
    if (emitting()) FillGap(row);
    row_ = row;
    column_ = 0;
    row_hidden_ = hidden;
    row_noted_ = false;
    if (emitting()) AdvanceMerges(row);
  }

  void StartCell(XmlAttributes attributes) {
    cell_.value.clear();
    cell_.inline_text.clear();
    cell_.has_value = cell_.has_inline_string = false;
    absl::string_view r;
    absl::string_view type;
    absl::string_view style;
    attributes.ForEach([&r, &type, &style](absl::string_view name, absl::string_view value) {
      if (name == "r") r = value;
      if (name == "t") type = value;
      if (name == "s") style = value;
    });
    int column = column_ + 1;
    int64_t row_of_ref = 0;
    if (!r.empty() && !ParseCellRef(r, &column, &row_of_ref)) {
      Fail(Unreadable(SheetRef(context_.name, Shorten(r)), "is not a cell reference"));
      return;
    }
    if (column > kMaxSheetColumns) {
      Fail(Unreadable(context_.part, absl::StrCat("has a cell beyond column XFD in row ", row_)));
      return;
    }
    column_ = cell_.column = column;
    cell_.type = CellTypeNamed(type);
    if (!ParseIndex(style, &cell_.style)) cell_.style = 0;
  }

  void EndCell() {
    if (!cell_.has_value && !cell_.has_inline_string) return;
    const absl::string_view text = CellText();
    if (stopped()) return;
    const int column = cell_.column;
    if (text.size() > kMaxCellBytes) {
      Fail(BadCell(Location(column), absl::StrCat("holds over ", kMaxCellBytes, " bytes of text")));
      return;
    }
    if (column > kMaxXlsxColumns) {
      if (!text.empty()) {
        Fail(BadCell(Location(column),
                     absl::StrCat("holds a value beyond column ", ColumnLetters(kMaxXlsxColumns),
                                  ", the last the import reads")));
      }
      return;
    }
    if (!emitting()) {
      HiddenRowsAndColumns& hidden = scanning_->hidden;
      hidden.columns_with_values[column] = true;
      if (row_hidden_ && !row_noted_) {
        row_noted_ = true;
        if (hidden.hidden_rows_with_values.size() < kMaxFindings) {
          hidden.hidden_rows_with_values.push_back(row_);
        }
        ++hidden.hidden_row_count;
      }
      return;
    }
    if (row_hidden_ || scan_.hidden.hidden_columns[column]) return;  // hidden content is left out
    std::vector<std::string>& fields = record_.fields;
    if (static_cast<int>(fields.size()) < column) fields.resize(column);
    fields[column - 1].assign(text.data(), text.size());
  }

  // The text of the cell just read: a shared string in place (a sheet can repeat a long one
  // millions of times), anything else in text_.
  absl::string_view CellText() {
    if (cell_.has_inline_string && (cell_.type == CellType::kInlineString || !cell_.has_value)) {
      return text_ = DecodeEscapes(cell_.inline_text);
    }
    const std::string& value = cell_.value;
    switch (cell_.type) {
      case CellType::kSharedString: {
        int64_t index = -1;
        if (!ParseIndex(value, &index) ||
            static_cast<uint64_t>(index) >= context_.strings->size()) {
          Fail(BadCell(Location(cell_.column),
                       // Never the value itself: the cell may be hidden content.
                       "refers to a shared string the workbook does not have"));
          return "";
        }
        return (*context_.strings)[static_cast<size_t>(index)];
      }
      case CellType::kInlineString:
      case CellType::kFormulaString:
        return text_ = DecodeEscapes(value);
      case CellType::kBoolean:
        if (value == "1" || value == "true") return "TRUE";
        if (value == "0" || value == "false") return "FALSE";
        return value;
      case CellType::kError:
        return value;
      case CellType::kDate:
        // ISO 8601; the date part only, as for serials.
        return value.size() >= 10 && value[4] == '-' && value[7] == '-'
                   ? absl::string_view(value).substr(0, 10)
                   : absl::string_view(value);
      case CellType::kNumber:
        break;
    }
    double number = 0;
    if (!absl::SimpleAtod(value, &number) || !std::isfinite(number)) return value;
    // A number or date is never blank nor long: all a scan needs to know of it.
    if (!emitting()) return "0";
    const std::vector<bool>& dates = *context_.date_styles;
    if (static_cast<uint64_t>(cell_.style) < dates.size() && dates[cell_.style]) {
      if (const std::optional<absl::CivilDay> day = SerialDay(number, context_.date1904)) {
        return text_ = IsoDate(*day);
      }
    }
    return text_ = NumberText(number);
  }

  void EndRow() {
    if (!emitting()) return;
    if (row_hidden_) {
      ResolveAnchors(false);  // a range whose top-left cell is hidden reads as blank
      record_.fields.clear();
      return;
    }
    ResolveAnchors(true);
    FillMerges();
    Emit(row_);
  }

  void AddColumns(XmlAttributes attributes) {
    int min = 0;
    int max = 0;
    if (!absl::SimpleAtoi(attributes.Get("min"), &min) ||
        !absl::SimpleAtoi(attributes.Get("max"), &max) || min < 1 || max < min ||
        max > kMaxSheetColumns) {
      Fail(Unreadable(context_.part, "describes columns it does not number"));
      return;
    }
    if (!IsTrue(attributes.Get("hidden")) && !IsZeroSize(attributes.Get("width"))) return;
    for (int column = min; column <= std::min(max, kMaxXlsxColumns); ++column) {
      scanning_->hidden.hidden_columns[column] = true;
    }
  }

  void AddMergedRange(absl::string_view ref) {
    const std::pair<absl::string_view, absl::string_view> corners = absl::StrSplit(ref, ':');
    MergedRange range;
    if (!ParseCellRef(corners.first, &range.first_column, &range.first_row) ||
        !ParseCellRef(corners.second.empty() ? corners.first : corners.second, &range.last_column,
                      &range.last_row)) {
      Fail(Unreadable(SheetRef(context_.name, Shorten(ref)), "is not a range to merge"));
      return;
    }
    if (range.first_row > range.last_row) std::swap(range.first_row, range.last_row);
    if (range.first_column > range.last_column) std::swap(range.first_column, range.last_column);
    // Beyond the columns read, its top-left cell could hold no value the import takes.
    if (range.first_column > kMaxXlsxColumns) return;
    if (scanning_->merges.size() >= kMaxMergedRanges) {
      Fail(Unreadable(context_.part, "merges too many ranges"));
      return;
    }
    scanning_->merges.push_back(range);
  }

  // Rows from the previous one to `before` (not included) that the sheet does not have, but
  // that a merged range from an earlier row covers with text.
  void FillGap(int64_t before) {
    int64_t last = 0;
    for (const ActiveMerge& merge : active_) {
      if (!merge.text.empty()) last = std::max(last, merge.range->last_row);
    }
    for (int64_t row = row_ + 1; row < before && row <= last && !stopped(); ++row) {
      AdvanceMerges(row);
      ResolveAnchors(false);  // a range starting in a row the sheet does not have is blank
      FillMerges();
      Emit(row);
    }
  }

  // Makes the ranges over `row` the active ones.
  void AdvanceMerges(int64_t row) {
    active_.erase(
        std::remove_if(active_.begin(), active_.end(),
                       [row](const ActiveMerge& merge) { return merge.range->last_row < row; }),
        active_.end());
    for (; next_merge_ < scan_.merges.size() && scan_.merges[next_merge_].first_row <= row;
         ++next_merge_) {
      const MergedRange& range = scan_.merges[next_merge_];
      if (range.last_row < row) continue;
      active_.push_back({&range, "", range.first_row == row});
    }
  }

  // Takes the text of ranges whose top-left cell is in the current row. Hidden cells never
  // reach the record, so a hidden top-left cell reads as blank.
  void ResolveAnchors(bool row_read) {
    const std::vector<std::string>& fields = record_.fields;
    for (ActiveMerge& merge : active_) {
      if (!merge.anchor_pending) continue;
      merge.anchor_pending = false;
      const int column = merge.range->first_column;
      if (row_read && column <= static_cast<int>(fields.size())) merge.text = fields[column - 1];
    }
  }

  // Every cell of a merged range reads as its top-left cell: a merged header names each column
  // it spans, a force merged down names each row.
  void FillMerges() {
    std::vector<std::string>& fields = record_.fields;
    for (const ActiveMerge& merge : active_) {
      const int last = LastReadColumn(*merge.range);
      if (!merge.text.empty() && static_cast<int>(fields.size()) < last) fields.resize(last);
      const int end = std::min(last, static_cast<int>(fields.size()));
      for (int column = merge.range->first_column; column <= end; ++column) {
        fields[column - 1] = scan_.hidden.hidden_columns[column] ? "" : merge.text;
      }
    }
  }

  void Emit(int64_t row) {
    std::vector<std::string>& fields = record_.fields;
    while (!fields.empty() && fields.back().empty()) fields.pop_back();
    if (fields.empty()) return;
    for (const std::string& field : fields) record_bytes_ += static_cast<int64_t>(field.size()) + 1;
    if (record_bytes_ > kMaxRecordBytes) {
      fields.clear();
      Fail(TooLarge(absl::StrCat("sheet ", context_.name, " comes to more than ", kMaxRecordBytes,
                                 " bytes of text"),
                    kMaxRecordBytes));
      return;
    }
    record_.row = row;
    (*on_record_)(record_);
    fields.clear();
  }

  const SheetContext& context_;
  const SheetScan& scan_;
  SheetScan* scanning_;  // the scan being made; null when emitting
  const std::function<void(const CsvRecord&)>* on_record_;  // null when scanning
  ElementStack elements_;
  bool seen_sheet_data_ = false;
  int64_t row_ = 0;
  bool row_hidden_ = false;
  bool row_noted_ = false;  // the hidden row is already known to hold values
  int column_ = 0;
  Cell cell_;
  std::string text_;  // the cell's text, unless it is a shared string
  CsvRecord record_;
  std::vector<ActiveMerge> active_;
  size_t next_merge_ = 0;
  int64_t record_bytes_ = 0;
};

}  // namespace

absl::StatusOr<SheetScan> ScanSheet(Package& package, const SheetContext& context) {
  SheetScan scan;
  SheetReader scanner(context, &scan);
  FOI_RETURN_IF_ERROR(package.ParseXml(context.part, scanner));
  FOI_RETURN_IF_ERROR(scanner.FinishScan());
  return scan;
}

absl::Status ReadSheetRecords(Package& package, const SheetContext& context, const SheetScan& scan,
                              const std::function<void(const CsvRecord&)>& on_record) {
  SheetReader reader(context, scan, on_record);
  return package.ParseXml(context.part, reader);
}

}  // namespace foi::ingest::xlsx
