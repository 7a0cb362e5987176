#include "ingest-service/src/import_row.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/test_catalog.h"

namespace foi::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Catalog CatalogWithLabels() {
  Catalog base = testing::TestCatalog();
  return Catalog(
      base.forces(), base.offences(), base.outcome_types(), base.outcome_groups(),
      {{"community resolution", {"8"}}, {"nfa - evidential difficulties", {"14", "15", "16"}}},
      {{"lancashire constabulary", "lancashire"}});
}

CsvRecord Header() {
  return {1,
          {"outcome", "count", "force", "offence", "period_start", "period_end", "foi_reference",
           "total_reports", "not_yet_assigned"}};
}

CsvRecord Row(std::string outcome, std::string count, std::string force = "lancashire") {
  return {2,
          {outcome, count, force, "disclosing-private-sexual-images", "2018-01-01", "2018-12-31",
           "REF", "10", "0"}};
}

TEST(ImportLayout, AcceptsColumnsInAnyOrder) {
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(Header(), errors);
  EXPECT_TRUE(layout.ok());
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_EQ(layout.ColumnNumber(ImportColumn::kCount), 2);
}

TEST(ImportLayout, NamesMissingAndUnknownColumns) {
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader({1, {"force", "offence", "colour"}}, errors);
  EXPECT_FALSE(layout.ok());
  ASSERT_FALSE(errors.empty());
  EXPECT_THAT(errors[0].message, HasSubstr("unknown column 'colour'"));
  EXPECT_EQ(errors[0].column, 3);
}

struct OutcomeCase {
  const char* written;
  std::vector<std::string> types;
};

TEST(ParseImportRow, ResolvesOutcomesWrittenEveryWay) {
  const Catalog catalog = CatalogWithLabels();
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(Header(), errors);
  for (const OutcomeCase& c : std::vector<OutcomeCase>{
           {"2+3+8", {"2", "3", "8"}},
           {"1a", {"1A"}},
           {"charged-summonsed", {"1", "1A"}},
           {"no-further-action",
            {"5", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21"}},
           {"Community  Resolution", {"8"}},
           {"NFA \xE2\x80\x93 evidential difficulties", {"14", "15", "16"}}}) {
    std::optional<ImportRow> row = ParseImportRow(Row(c.written, "3"), layout, catalog, errors);
    ASSERT_TRUE(row.has_value()) << c.written;
    std::vector<std::string> types = row->outcome_types;
    std::sort(types.begin(), types.end());
    std::vector<std::string> expected = c.types;
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(types, expected) << c.written;
  }
  EXPECT_THAT(errors, IsEmpty());
}

TEST(ParseImportRow, ReadsEveryWithheldMarkerAsNoCount) {
  const Catalog catalog = CatalogWithLabels();
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(Header(), errors);
  for (const char* marker : {"<5", "*", "1-4", "withheld", "", " < 5 "}) {
    std::optional<ImportRow> row = ParseImportRow(Row("1", marker), layout, catalog, errors);
    ASSERT_TRUE(row.has_value()) << marker;
    EXPECT_FALSE(row->count.has_value()) << marker;
  }
  EXPECT_THAT(errors, IsEmpty());
}

TEST(ParseImportRow, MatchesForceNames) {
  const Catalog catalog = CatalogWithLabels();
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(Header(), errors);
  for (const char* name : {"lancashire", "Lancashire Constabulary", "LANCASHIRE POLICE"}) {
    std::optional<ImportRow> row = ParseImportRow(Row("1", "3", name), layout, catalog, errors);
    ASSERT_TRUE(row.has_value()) << name;
    EXPECT_EQ(row->force_id, "lancashire");
  }
}

TEST(ParseImportRow, ReportsEachBadCellWithItsColumn) {
  const Catalog catalog = CatalogWithLabels();
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(Header(), errors);
  EXPECT_FALSE(
      ParseImportRow(Row("Arrested", "-2", "gotham"), layout, catalog, errors).has_value());
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].column, 3);
  EXPECT_THAT(errors[0].message, HasSubstr("unknown force 'gotham'"));
  EXPECT_EQ(errors[1].column, 1);
  EXPECT_THAT(errors[1].message, HasSubstr("'Arrested'"));
  EXPECT_EQ(errors[2].column, 2);
  EXPECT_THAT(errors[2].message, HasSubstr("must not be negative"));
}

// The optional columns of partial replies and refusals.
CsvRecord HeaderWithReplyColumns() {
  CsvRecord header = Header();
  for (const char* name : {"unaccounted_reports", "exemptions", "unknown_outcome_reports"}) {
    header.fields.push_back(name);
  }
  return header;
}

TEST(ParseImportRow, ReadsUnaccountedUnknownAndExemptions) {
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(HeaderWithReplyColumns(), errors);
  ASSERT_TRUE(layout.ok());
  CsvRecord record = Row("1", "5");
  record.fields.insert(record.fields.end(), {"3", " s40(2) ; s12 ", "2"});
  const std::optional<ImportRow> row = ParseImportRow(record, layout, CatalogWithLabels(), errors);
  ASSERT_TRUE(row.has_value()) << errors.front().message;
  EXPECT_EQ(row->unaccounted_reports, 3);
  EXPECT_EQ(row->unknown_outcome_reports, 2);
  EXPECT_THAT(row->exemptions, ElementsAre("s40(2)", "s12"));
}

TEST(ParseImportRow, BlankOptionalCellsMeanZeroAndNone) {
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(HeaderWithReplyColumns(), errors);
  CsvRecord record = Row("1", "5");
  record.fields.insert(record.fields.end(), {"", "", " "});
  const std::optional<ImportRow> row = ParseImportRow(record, layout, CatalogWithLabels(), errors);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->unaccounted_reports, 0);
  EXPECT_EQ(row->unknown_outcome_reports, 0);
  EXPECT_THAT(row->exemptions, IsEmpty());
}

TEST(ParseImportRow, ARowWithoutOutcomeAndCountGivesNoLine) {
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(HeaderWithReplyColumns(), errors);
  CsvRecord record = Row("", "");
  record.fields.insert(record.fields.end(), {"10", "s12", ""});
  const std::optional<ImportRow> row = ParseImportRow(record, layout, CatalogWithLabels(), errors);
  ASSERT_TRUE(row.has_value());
  EXPECT_THAT(row->outcome_types, IsEmpty());
  EXPECT_EQ(row->unaccounted_reports, 10);
  // A count without an outcome is still an error.
  std::vector<CsvError> count_errors;
  EXPECT_FALSE(ParseImportRow(Row("", "5"), layout, CatalogWithLabels(), count_errors));
  EXPECT_FALSE(count_errors.empty());
}

TEST(ParseImportRow, BadOptionalCountsAreCellErrors) {
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(HeaderWithReplyColumns(), errors);
  CsvRecord record = Row("1", "5");
  record.fields.insert(record.fields.end(), {"-2", "", "some"});
  EXPECT_FALSE(ParseImportRow(record, layout, CatalogWithLabels(), errors));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].column, 10);
  EXPECT_THAT(errors[0].message, HasSubstr("must not be negative"));
  EXPECT_EQ(errors[1].column, 12);
}

}  // namespace
}  // namespace foi::ingest
