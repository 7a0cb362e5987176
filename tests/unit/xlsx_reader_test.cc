#include "ingest-service/src/xlsx_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error_info.h"
#include "common/field_violations.h"

namespace foi::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using Fields = std::vector<std::string>;
using Row = std::pair<int64_t, Fields>;

// Made by tests/data/make_workbooks.py.
std::string TestFile(const std::string& path) {
  std::ifstream in(std::string(FOI_SOURCE_DIR "/tests/data/") + path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string Workbook(const std::string& name) { return TestFile("xlsx/" + name); }

struct Read {
  absl::StatusOr<std::string> sheet;
  std::vector<Row> rows;
};

Read ReadBytes(const std::string& bytes, const XlsxOptions& options = {}) {
  Read read;
  read.sheet = ReadXlsxSheet(bytes, options, [&read](const CsvRecord& record) {
    read.rows.emplace_back(record.row, record.fields);
  });
  return read;
}

Read ReadWorkbook(const std::string& name, const XlsxOptions& options = {}) {
  return ReadBytes(Workbook(name), options);
}

XlsxOptions AllowingHiddenContent() { return {.sheet = "", .allow_hidden_content = true}; }

// Every text the reader gave: records, the error's message and its details.
std::string EverythingSaid(const Read& read) {
  std::string text = std::string(read.sheet.status().message());
  for (const FieldViolation& violation : FieldViolationsOf(read.sheet.status())) {
    absl::StrAppend(&text, "\n", violation.field, ": ", violation.description);
  }
  for (const auto& [row, fields] : read.rows) {
    absl::StrAppend(&text, "\n", absl::StrJoin(fields, ","));
  }
  return text;
}

TEST(XlsxReader, ReadsACaseLevelReply) {
  const Read read = ReadWorkbook("reply.xlsx");
  ASSERT_TRUE(read.sheet.ok()) << read.sheet.status();
  EXPECT_EQ(*read.sheet, "Reply");
  const std::string force = "Lancashire Constabulary";
  const std::string offence = "Disclosing private sexual images";
  EXPECT_THAT(
      read.rows,
      ElementsAre(
          Row(1, {"Police force", "Offence", "Date reported", "Outcome", "Reference"}),
          Row(2, {force, offence, "2019-04-03", "charged", "LAN/19/0001"}),
          Row(3, {force, offence, "2019-05-17", "Evidential difficulties - suspect identified",
                  "LAN/19/0002"}),
          Row(4, {force, offence, "2019-06-30", "", "LAN/19/0003"}),
          Row(5, {force, offence, "2019-07-01", "Not in the public interest", "LAN/19/0004"}),
          Row(6, {force, offence, "2019-08-12", "Caution", "LAN/19/0005"}),
          Row(7, {force, offence, "2019-09-09", "CHARGED/SUMMONSED", "LAN/19/0006"}),
          Row(8, {force, offence, "2020-01-02",
                  "Investigation complete \xE2\x80\x93 no suspect identified", "LAN/19/0007"})));
}

TEST(XlsxReader, ReadsASheetByNameIgnoringCase) {
  for (const std::string name : {"Notes", "notes"}) {
    const Read read = ReadWorkbook("reply.xlsx", {.sheet = name});
    ASSERT_TRUE(read.sheet.ok()) << read.sheet.status();
    EXPECT_EQ(*read.sheet, "Notes");
    EXPECT_THAT(read.rows, ElementsAre(Row(1, {"Figures are for offences recorded in the period."}),
                                       Row(2, {"Prepared by the FOI team"})));
  }
}

TEST(XlsxReader, RefusesAnUnknownSheetListingTheVisibleOnes) {
  const Read read = ReadWorkbook("reply.xlsx", {.sheet = "Replies"});
  EXPECT_EQ(read.sheet.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(read.sheet.status()), "SHEET_NOT_FOUND");
  EXPECT_EQ(read.sheet.status().message(),
            "the workbook has no sheet of cells named \"Replies\"; the visible sheets are "
            "\"Reply\", \"Notes\"");
  EXPECT_THAT(read.rows, IsEmpty());
}

TEST(XlsxReader, ReadsFiguresAsTheSampleCsvHasThem) {
  std::vector<Row> csv_rows;
  CsvReader csv(
      [&csv_rows](const CsvRecord& record) { csv_rows.emplace_back(record.row, record.fields); });
  csv.Feed(TestFile("../../deploy/local/sample-import.csv"));
  csv.Finish();
  ASSERT_THAT(csv.errors(), IsEmpty());
  ASSERT_EQ(csv_rows.size(), 16u);

  const Read read = ReadWorkbook("figures.xlsx");
  ASSERT_TRUE(read.sheet.ok()) << read.sheet.status();
  EXPECT_EQ(*read.sheet, "Figures");
  // Dates, whole numbers, codes typed as numbers ("18") and text like "<5" all read back as
  // the CSV file writes them.
  EXPECT_EQ(read.rows, csv_rows);
  EXPECT_THAT(
      read.rows[1].second,
      ElementsAre("Lancashire Constabulary", "disclosing-private-sexual-images", "2018-01-01",
                  "2018-12-31", "SYNTHETIC-CSV-1", "131", "9", "Charged", "15"));
}

TEST(XlsxReader, ReadsEveryKindOfValue) {
  const Read read = ReadWorkbook("values.xlsx");
  ASSERT_TRUE(read.sheet.ok()) << read.sheet.status();
  EXPECT_EQ(*read.sheet, "Values");
  EXPECT_THAT(
      read.rows,
      ElementsAre(
          // Shared, rich (without its phonetic reading) and inline strings.
          Row(1, {"Police force", "Evidential difficulties", "inline text", "inline",
                  "Devon & Cornwall"}),
          // A row and cells without references; numbers as the shortest text.
          Row(2, {"12", "12", "0.25", "-3", "0.30000000000000004", "1234.5", "1e+20", "1.5"}),
          // Booleans, errors, formula strings, ISO dates and escaped control characters.
          Row(3, {"TRUE", "FALSE", "#N/A", "Police force", "2020-03-01", "line\r\nbreak",
                  "a_x000D_b"}),
          // Serials in date formats, built-in and custom; 1900-02-29 and out of range are
          // numbers; [Red] and quoted "days" are no dates.
          Row(5, {"2020-01-01", "2020-01-01", "1900-02-28", "60", "1900-03-01", "43831", "2.5",
                  "1900-01-01", "-1", "9999-12-31", "2958466"}),
          // Row 6 has only a formatted cell: no record.
          Row(7, {"", "", "x"}),
          // A range merged down into row 9, which the sheet does not have.
          Row(8, {"merged down"}), Row(9, {"merged down"}), Row(10, {"", "after"}),
          // A merged cell's own value, which Excel does not show, is not read.
          Row(11, {"anchor", "anchor"})));
}

TEST(XlsxReader, MergedCellsReadAsTheirTopLeftCell) {
  const Read read = ReadWorkbook("merged.xlsx");
  ASSERT_TRUE(read.sheet.ok()) << read.sheet.status();
  EXPECT_THAT(
      read.rows,
      ElementsAre(Row(1, {"Police force", "Outcome", "Outcome", "Count"}),
                  Row(2, {"Lancashire Constabulary", "1", "Charged", "15"}),
                  Row(3, {"Lancashire Constabulary", "9", "Caution", "11"}),
                  Row(4, {"Lancashire Constabulary", "14", "Evidential difficulties", "70"}),
                  Row(5, {"Cumbria Constabulary", "1", "Charged", "4"}),
                  Row(6, {"Cumbria Constabulary", "16", "NFA", "12"})));
}

TEST(XlsxReader, ReadsDatesOfThe1904System) {
  const Read read = ReadWorkbook("dates1904.xlsx");
  ASSERT_TRUE(read.sheet.ok()) << read.sheet.status();
  EXPECT_THAT(read.rows, ElementsAre(Row(1, {"Date reported"}), Row(2, {"2019-04-03"}),
                                     Row(3, {"1904-01-01"})));
}

TEST(XlsxReader, ReadsTimesAndDurationsAsTheirNumbers) {
  const Read read = ReadWorkbook("times.xlsx");
  ASSERT_TRUE(read.sheet.ok()) << read.sheet.status();
  EXPECT_THAT(
      read.rows,
      ElementsAre(
          // Built-in time and duration formats 18-21 and 45-47 show no day: a time of day is
          // no date (not "1899-12-31"), nor is a duration of 36 hours.
          Row(1, {"0.5", "0.75", "0.25", "0.5625", "0.03125", "1.5", "0.0125", "0"}),
          // Custom formats of hours, minutes and seconds only: hh:mm, [h]:mm:ss, mm:ss.0 and
          // [$-409]h:mm:ss AM/PM.
          Row(2, {"0.5", "2.25", "0.001", "0.75"}),
          // Built-in date formats beside them (14, 17, 22, 27, 36, 50, 58), and a custom date
          // with a time, still read as the day.
          Row(3, {"2020-01-01", "2020-01-01", "2020-01-01", "2020-01-01", "2020-01-01",
                  "2020-01-01", "2020-01-01", "2020-01-01"})));
}

TEST(XlsxReader, ReadsASheetOfManyChunks) {
  const Read read = ReadWorkbook("many_rows.xlsx");
  ASSERT_TRUE(read.sheet.ok()) << read.sheet.status();
  ASSERT_EQ(read.rows.size(), 1001u);
  EXPECT_EQ(read.rows[0], Row(1, {"Reference", "Outcome", "Count"}));
  EXPECT_EQ(read.rows[500], Row(501, {"CASE-00500", "Charged", "500"}));
  EXPECT_EQ(read.rows[1000], Row(1001, {"CASE-01000", "Charged", "1000"}));
}

TEST(XlsxReader, AnEmptyHiddenFirstSheetIsNoHiddenContent) {
  const Read read = ReadWorkbook("first_hidden_empty.xlsx");
  ASSERT_TRUE(read.sheet.ok()) << read.sheet.status();
  EXPECT_EQ(*read.sheet, "Reply");
  EXPECT_THAT(read.rows, ElementsAre(Row(1, {"Police force", "Count"}),
                                     Row(2, {"Cumbria Constabulary", "3"})));
}

TEST(XlsxReader, RefusesHiddenContentNamingWhereButNotWhat) {
  const Read read = ReadWorkbook("hidden.xlsx");
  const absl::Status& status = read.sheet.status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "HIDDEN_CONTENT");
  EXPECT_EQ(status.message(),
            "the workbook holds content a reader of sheet Reply would not see, so nothing was "
            "imported: sheet Workings (hidden) holds values; sheet Lookup (very hidden) holds "
            "values; Reply!4:4 (hidden row) holds values; Reply!6:6 (hidden row) holds values; "
            "Reply!D:D (hidden column) holds values; Reply!B3 has a comment. Remove it, or import "
            "with allow_hidden_content");
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(FieldViolation{"Workings", "hidden sheet holding values"},
                          FieldViolation{"Lookup", "very hidden sheet holding values"},
                          FieldViolation{"Reply!4:4", "hidden row holding values"},
                          FieldViolation{"Reply!6:6", "hidden row holding values"},
                          FieldViolation{"Reply!D:D", "hidden column holding values"},
                          FieldViolation{"Reply!B3", "comment or note"}));
  EXPECT_THAT(read.rows, IsEmpty());
  EXPECT_THAT(EverythingSaid(read), Not(HasSubstr("SECRET")));
}

TEST(XlsxReader, AllowingHiddenContentLeavesAllOfItOut) {
  const Read read = ReadWorkbook("hidden.xlsx", AllowingHiddenContent());
  ASSERT_TRUE(read.sheet.ok()) << read.sheet.status();
  EXPECT_EQ(*read.sheet, "Reply");
  // Row 4 is hidden, row 6 is of no height, column D is hidden.
  EXPECT_THAT(read.rows, ElementsAre(Row(1, {"Police force", "Outcome", "Count", "", "Reference"}),
                                     Row(2, {"Lancashire Constabulary", "Charged", "15", "", "R1"}),
                                     Row(3, {"Lancashire Constabulary", "Caution", "11", "", "R2"}),
                                     Row(5, {"Lancashire Constabulary", "NFA", "70", "", "R4"})));
  EXPECT_THAT(EverythingSaid(read), Not(HasSubstr("SECRET")));
}

TEST(XlsxReader, NeverReadsAHiddenSheet) {
  for (const bool allow : {false, true}) {
    for (const std::string name : {"Workings", "Lookup"}) {
      const Read read = ReadWorkbook("hidden.xlsx", {.sheet = name, .allow_hidden_content = allow});
      EXPECT_EQ(read.sheet.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_EQ(ReasonOf(read.sheet.status()), "SHEET_HIDDEN");
      EXPECT_EQ(read.sheet.status().message(),
                absl::StrCat("sheet \"", name,
                             "\" is hidden, and hidden sheets are never read; the visible sheets "
                             "are \"Reply\""));
      EXPECT_THAT(read.rows, IsEmpty());
      EXPECT_THAT(EverythingSaid(read), Not(HasSubstr("SECRET")));
    }
  }
}

TEST(XlsxReader, RefusesAPivotCache) {
  const Read read = ReadWorkbook("pivot.xlsx");
  EXPECT_EQ(read.sheet.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(read.sheet.status()), "HIDDEN_CONTENT");
  EXPECT_THAT(read.sheet.status().message(),
              HasSubstr("nothing was imported: the workbook has a pivot cache. Remove it"));
  EXPECT_THAT(FieldViolationsOf(read.sheet.status()),
              ElementsAre(FieldViolation{
                  "pivot cache", "a pivot cache keeps a copy of the data a pivot table sums up"}));

  const Read allowed = ReadWorkbook("pivot.xlsx", AllowingHiddenContent());
  ASSERT_TRUE(allowed.sheet.ok()) << allowed.sheet.status();
  EXPECT_EQ(allowed.rows.size(), 8u);
}

TEST(XlsxReader, RefusesCommentsNoSheetRefersTo) {
  const Read read = ReadWorkbook("orphan_comments.xlsx");
  EXPECT_EQ(ReasonOf(read.sheet.status()), "HIDDEN_CONTENT");
  EXPECT_THAT(FieldViolationsOf(read.sheet.status()),
              ElementsAre(FieldViolation{"xl/comments9.xml", "comments no sheet refers to"}));
  EXPECT_THAT(EverythingSaid(read), Not(HasSubstr("SECRET")));
}

TEST(XlsxReader, RefusesAValueBeyondTheLastColumnRead) {
  const Read read = ReadWorkbook("wide.xlsx");
  EXPECT_EQ(read.sheet.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(read.sheet.status()), "FILE_INVALID");
  EXPECT_THAT(FieldViolationsOf(read.sheet.status()),
              ElementsAre(FieldViolation{
                  "Reply!IW3", "holds a value beyond column IV, the last the import reads"}));
  EXPECT_THAT(read.rows, IsEmpty());  // the sheet is checked before any record is given
}

TEST(XlsxReader, RefusesWhatIsNotAZip) {
  for (const std::string& bytes :
       {std::string(), std::string("PK"), std::string("force,offence\nlancashire,x\n")}) {
    const Read read = ReadBytes(bytes);
    EXPECT_EQ(read.sheet.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ReasonOf(read.sheet.status()), "FILE_INVALID");
    EXPECT_EQ(read.sheet.status().message(),
              "the file is not a readable .xlsx workbook; file: not a ZIP archive, as every "
              ".xlsx workbook is");
  }
  const Read xls = ReadBytes(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and more", 17));
  EXPECT_THAT(xls.sheet.status().message(), HasSubstr("an .xls workbook, or one with a password"));
}

TEST(XlsxReader, RefusesATruncatedOrDamagedZip) {
  const std::string bytes = Workbook("reply.xlsx");
  const Read half = ReadBytes(bytes.substr(0, bytes.size() / 2));
  EXPECT_EQ(ReasonOf(half.sheet.status()), "FILE_INVALID");
  EXPECT_THAT(half.sheet.status().message(), HasSubstr("not a readable ZIP archive"));
  // Cut anywhere, or with a byte changed anywhere, it is refused or read; never a crash.
  for (size_t length = 0; length < bytes.size(); length += 61) {
    const Read read = ReadBytes(bytes.substr(0, length));
    EXPECT_FALSE(read.sheet.ok()) << length;
  }
  for (size_t at = 0; at < bytes.size(); at += 37) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
    const Read read = ReadBytes(damaged);
    if (!read.sheet.ok()) {
      EXPECT_THAT(ReasonOf(read.sheet.status()),
                  ::testing::AnyOf("FILE_INVALID", "FILE_TOO_LARGE", "SHEET_NOT_FOUND"))
          << at << ": " << read.sheet.status();
    }
  }
}

TEST(XlsxReader, RefusesMalformedXmlSayingWhere) {
  const Read read = ReadWorkbook("malformed.xlsx");
  EXPECT_EQ(read.sheet.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(read.sheet.status()), "FILE_INVALID");
  EXPECT_EQ(read.sheet.status().message(),
            "the file is not a readable .xlsx workbook; xl/worksheets/sheet1.xml: not "
            "well-formed XML: mismatched tag at line 2");
}

TEST(XlsxReader, RefusesADoctype) {
  const Read read = ReadWorkbook("doctype.xlsx");
  EXPECT_EQ(ReasonOf(read.sheet.status()), "FILE_INVALID");
  EXPECT_EQ(read.sheet.status().message(),
            "the file is not a readable .xlsx workbook; xl/workbook.xml: declares a DOCTYPE, "
            "which no workbook does");
  EXPECT_THAT(EverythingSaid(read), Not(HasSubstr("SECRET")));
}

TEST(XlsxReader, RefusesAWorkbookOverTheSizeLimit) {
  std::string bytes = Workbook("reply.xlsx");
  bytes.resize(kMaxXlsxBytes + 1);
  const Read read = ReadBytes(bytes);
  EXPECT_EQ(read.sheet.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(read.sheet.status()), "FILE_TOO_LARGE");
}

TEST(XlsxReader, NamesColumnsAndCellsAsExcelDoes) {
  EXPECT_EQ(ColumnLetters(1), "A");
  EXPECT_EQ(ColumnLetters(3), "C");
  EXPECT_EQ(ColumnLetters(26), "Z");
  EXPECT_EQ(ColumnLetters(27), "AA");
  EXPECT_EQ(ColumnLetters(52), "AZ");
  EXPECT_EQ(ColumnLetters(53), "BA");
  EXPECT_EQ(ColumnLetters(256), "IV");
  EXPECT_EQ(ColumnLetters(702), "ZZ");
  EXPECT_EQ(ColumnLetters(703), "AAA");
  EXPECT_EQ(ColumnLetters(16384), "XFD");
  EXPECT_EQ(CellName(3, 7), "C7");
  EXPECT_EQ(CellName(257, 3), "IW3");
}

TEST(XlsxReader, TellsAWorkbookByItsFirstBytes) {
  EXPECT_TRUE(LooksLikeXlsx(Workbook("reply.xlsx")));
  EXPECT_TRUE(LooksLikeXlsx(std::string("PK\x03\x04", 4)));
  EXPECT_FALSE(LooksLikeXlsx("PK"));
  EXPECT_FALSE(LooksLikeXlsx(""));
  EXPECT_FALSE(LooksLikeXlsx("force,offence\n"));
}

}  // namespace
}  // namespace foi::ingest
