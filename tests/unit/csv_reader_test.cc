#include "ingest-service/src/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace foi::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Parsed {
  std::vector<CsvRecord> records;
  std::vector<CsvError> errors;
};

// Feeds `text` in chunks of `chunk_size` bytes.
Parsed Parse(const std::string& text, size_t chunk_size = 1 << 20) {
  Parsed parsed;
  CsvReader reader([&](const CsvRecord& record) { parsed.records.push_back(record); });
  for (size_t i = 0; i < text.size(); i += chunk_size) reader.Feed(text.substr(i, chunk_size));
  reader.Finish();
  parsed.errors = reader.errors();
  return parsed;
}

TEST(CsvReader, ReadsPlainRecordsWithRowNumbers) {
  const Parsed parsed = Parse("a,b,c\n1,2,3\n");
  ASSERT_THAT(parsed.errors, IsEmpty());
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_THAT(parsed.records[1].fields, ElementsAre("1", "2", "3"));
  EXPECT_EQ(parsed.records[1].row, 2);
}

TEST(CsvReader, HandlesExcelsBomCrlfAndQuoting) {
  const std::string text =
      "\xEF\xBB\xBF"
      "force,label\r\n"
      "lancashire,\"Cautions, community resolutions\"\r\n"
      "cumbria,\"said \"\"no\"\"\r\nover two lines\"\r\n"
      "last,no final line break";
  // Whatever the chunk size, even a byte at a time, the result is the same.
  for (size_t chunk : {1, 2, 3, 7, 1000}) {
    const Parsed parsed = Parse(text, chunk);
    ASSERT_THAT(parsed.errors, IsEmpty()) << chunk;
    ASSERT_EQ(parsed.records.size(), 4u) << chunk;
    EXPECT_THAT(parsed.records[0].fields, ElementsAre("force", "label"));
    EXPECT_THAT(parsed.records[1].fields,
                ElementsAre("lancashire", "Cautions, community resolutions"));
    EXPECT_THAT(parsed.records[2].fields, ElementsAre("cumbria", "said \"no\"\r\nover two lines"));
    EXPECT_EQ(parsed.records[3].row, 5);
    EXPECT_THAT(parsed.records[3].fields, ElementsAre("last", "no final line break"));
  }
}

TEST(CsvReader, KeepsEmptyFieldsAndSkipsBlankLines) {
  const Parsed parsed = Parse("a,,c\n\n,\n");
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_THAT(parsed.records[0].fields, ElementsAre("a", "", "c"));
  EXPECT_THAT(parsed.records[1].fields, ElementsAre("", ""));
  EXPECT_EQ(parsed.records[1].row, 3);
}

TEST(CsvReader, CountsLoneCarriageReturnsAsLineEnds) {
  const Parsed parsed = Parse("a\rb\r\nc\n");
  ASSERT_EQ(parsed.records.size(), 3u);
  EXPECT_EQ(parsed.records[1].row, 2);
  EXPECT_EQ(parsed.records[2].row, 3);
}

TEST(CsvReader, RejectsWindows1252WithRowAndColumn) {
  // "Investigation complete – no suspect" saved by Excel as Windows-1252: the dash is 0x96.
  const Parsed parsed = Parse("force,outcome\ncumbria,Investigation complete \x96 no suspect\n");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].row, 2);
  EXPECT_EQ(parsed.errors[0].column, 2);
  EXPECT_THAT(parsed.errors[0].message, HasSubstr("0x96 is not UTF-8"));
  EXPECT_EQ(parsed.records.size(), 1u);  // the header only
}

TEST(CsvReader, ReportsBrokenQuotingAndGoesOn) {
  const Parsed parsed = Parse("a,b\"c\n\"x\"y,z\nfine,row\n\"never closed");
  ASSERT_EQ(parsed.errors.size(), 3u);
  EXPECT_EQ(parsed.errors[0].row, 1);
  EXPECT_EQ(parsed.errors[0].column, 2);
  EXPECT_EQ(parsed.errors[1].row, 2);
  EXPECT_EQ(parsed.errors[2].row, 4);
  EXPECT_THAT(parsed.errors[2].message, HasSubstr("never closed"));
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_THAT(parsed.records[0].fields, ElementsAre("fine", "row"));
}

TEST(CsvReader, RejectsOverlongFields) {
  const Parsed parsed = Parse("a," + std::string(CsvReader::kMaxFieldBytes + 10, 'x') + "\nb,c\n");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_THAT(parsed.errors[0].message, HasSubstr("longer than"));
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_EQ(parsed.records[0].row, 2);
}

}  // namespace
}  // namespace foi::ingest
