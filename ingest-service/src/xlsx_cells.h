// File: ingest-service/src/xlsx_cells.h
//
// How a workbook writes its cells, and the text the import reads from them: A1 references,
// text with Excel's _xHHHH_ escapes, numbers in the shortest text that reads back the same,
// and serials in a date format as ISO dates. The shared strings and which cell styles show a
// date are read once per workbook. (ColumnLetters and CellName, declared in xlsx_reader.h,
// are defined in xlsx_cells.cc.)
//
//   FOI_ASSIGN_OR_RETURN(const std::vector<bool> date_styles,
//                        ReadDateStyles(package, workbook.styles_part));
//   if (style < date_styles.size() && date_styles[style]) {
//     if (const std::optional<absl::CivilDay> day = SerialDay(43831, false)) {
//       IsoDate(*day);  // "2020-01-01"
//     }
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "ingest-service/src/csv_reader.h"
#include "ingest-service/src/xlsx_package.h"

namespace foi::ingest::xlsx {

// Excel's own limits: a sheet has rows 1 to 1048576 and columns A to XFD.
inline constexpr int64_t kMaxSheetRows = 1048576;
inline constexpr int kMaxSheetColumns = 16384;
// A cell's text, at most (as the CSV reader's field).
inline constexpr size_t kMaxCellBytes = CsvReader::kMaxFieldBytes;

// ---- References ----

// A non-negative whole number of at most 18 digits; false for anything else.
bool ParseIndex(absl::string_view text, int64_t* index);

// "AB12" -> column 28, row 12. False for anything else, or beyond Excel's last cell.
bool ParseCellRef(absl::string_view ref, int* column, int64_t* row);

// A sheet's name as a reference writes it: 'Sheet 1'!A1, but Reply!A1.
std::string QuotedSheetName(absl::string_view sheet);

// "Reply!B3" for sheet "Reply" and reference "B3".
std::string SheetRef(absl::string_view sheet, absl::string_view ref);

// ---- Text ----

// Excel writes characters XML cannot hold (control characters) as _xHHHH_, the UTF-16 code
// unit in hex, and an underscore that would read as such an escape as _x005F_: the text they
// stand for.
std::string DecodeEscapes(absl::string_view text);

// Appends to a cell's text as written, up to the most that can still be a cell's text once
// decoded (and one byte more, for it to be known too long).
void AppendRaw(absl::string_view more, std::string* text);

// ---- Numbers and dates ----

// A value Excel shows as a whole number is written as one; others in the shortest text that
// reads back as the same double.
std::string NumberText(double value);

// The day of a date serial, or nothing when the serial is no day Excel shows. The 1900 system
// counts Excel's fictitious 1900-02-29 as day 60, so days after it are one off.
std::optional<absl::CivilDay> SerialDay(double serial, bool date1904);

// "2020-01-31". The years of serials are 1899 to 9999.
std::string IsoDate(absl::CivilDay day);

// ---- The workbook's shared strings and styles ----

// The workbook's shared strings, in one buffer: a sheet can have millions.
class SharedStrings {
 public:
  size_t size() const { return ends_.size(); }
  absl::string_view operator[](size_t index) const {
    const uint32_t begin = index == 0 ? 0 : ends_[index - 1];
    return absl::string_view(text_).substr(begin, ends_[index] - begin);
  }
  // A string over kMaxCellBytes is kept cut to just over it: enough to refuse it.
  void Add(absl::string_view text) {
    const absl::string_view kept = text.substr(0, kMaxCellBytes + 1);
    text_.append(kept.data(), kept.size());
    ends_.push_back(static_cast<uint32_t>(text_.size()));
  }

 private:
  std::string text_;
  std::vector<uint32_t> ends_;
};

// The shared strings of part `part` (xl/sharedStrings.xml when empty); none when the package
// has no such part. FILE_INVALID when it cannot be read; FILE_TOO_LARGE when it holds more
// strings than are kept.
absl::StatusOr<SharedStrings> ReadSharedStrings(Package& package, absl::string_view part);

// Which cell styles (the `s` of a cell, as the index) show a date, from the styles part `part`
// (xl/styles.xml when empty); none when the package has no such part. A style shows a date
// when its number format does: a built-in date format, or a custom one with a day or year.
// Formats showing only a time or a duration are no dates. FILE_INVALID when the part cannot
// be read.
absl::StatusOr<std::vector<bool>> ReadDateStyles(Package& package, absl::string_view part);

}  // namespace foi::ingest::xlsx
