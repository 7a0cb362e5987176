#include "ingest-service/src/import_row.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/test_catalog.h"

namespace foi::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

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
  std::sort(errors.begin(), errors.end(),
            [](const CsvError& a, const CsvError& b) { return a.column < b.column; });
  EXPECT_EQ(errors[0].column, 1);
  EXPECT_THAT(errors[0].message, HasSubstr("'Arrested' (in 1 row)"));
  EXPECT_EQ(errors[1].column, 2);
  EXPECT_THAT(errors[1].message, HasSubstr("must not be negative"));
  EXPECT_EQ(errors[2].column, 3);
  EXPECT_THAT(errors[2].message, HasSubstr("unknown force 'gotham'"));
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

// A catalogue of forces as the database has them, without the force_aliases table.
Catalog CatalogOfForceNames() {
  Catalog base = testing::TestCatalog();
  std::vector<Force> forces = base.forces();
  forces.push_back({"kent", "Kent Police", "England", ""});
  forces.push_back({"devon-and-cornwall", "Devon and Cornwall Police", "England", ""});
  forces.push_back({"north-yorkshire", "North Yorkshire Police", "England", ""});
  forces.push_back({"northern-ireland", "Police Service of Northern Ireland", "", ""});
  forces.push_back({"police-scotland", "Police Scotland", "Scotland", ""});
  return Catalog(forces, base.offences(), base.outcome_types(), base.outcome_groups());
}

TEST(ParseImportRow, ResolvesForceNamesAsPeopleWriteThem) {
  const Catalog catalog = CatalogOfForceNames();
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(
      Header(), {.force_names = {{"D&C", "devon-and-cornwall"}, {"Cumbria Con.", "cumbria"}}},
      errors);
  for (auto [written, force_id] : std::vector<std::pair<const char*, const char*>>{
           {"kent police", "kent"},
           {"Devon & Cornwall Police", "devon-and-cornwall"},
           {"north yorkshire", "north-yorkshire"},
           {"Police Service of Northern Ireland", "northern-ireland"},
           {"Scotland", "police-scotland"},
           {"d & c", "devon-and-cornwall"},
           {"CUMBRIA CON.", "cumbria"}}) {
    std::optional<ImportRow> row = ParseImportRow(Row("1", "3", written), layout, catalog, errors);
    ASSERT_TRUE(row.has_value()) << written;
    EXPECT_EQ(row->force_id, force_id) << written;
  }
  EXPECT_THAT(errors, IsEmpty());
}

// A file as a force exports it: its own headers, a blank and a repeated header cell, columns
// nobody needs, and no offence or reference column.
CsvRecord ExportedHeader() {
  return {1,
          {"Police force", "", "Outcome", "Number", "From", "To", "Total", "Outstanding", "Notes",
           "Notes", "Ref"}};
}

ImportMapping ExportedMapping() {
  return {.columns = {{"force", "police FORCE"},
                      {"outcome", " outcome "},
                      {"count", "number"},
                      {"period_start", "From"},
                      {"period_end", "To"},
                      {"total_reports", "Total"},
                      {"not_yet_assigned", "Outstanding"},
                      {"foi_reference", "Ref"}},
          .defaults = {{"offence", "disclosing-private-sexual-images"},
                       {"foi_reference", "FOI 2018/1"}}};
}

TEST(ImportLayout, ReadsMappedHeadersInAnyCaseAndIgnoresOtherCells) {
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(ExportedHeader(), ExportedMapping(), errors);
  EXPECT_TRUE(layout.ok());
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_EQ(layout.ColumnNumber(ImportColumn::kForce), 1);
  EXPECT_EQ(layout.ColumnNumber(ImportColumn::kCount), 4);
  EXPECT_EQ(layout.ColumnNumber(ImportColumn::kOffence), 0);  // given by default only
}

TEST(ImportLayout, DefaultsFillMissingColumnsAndBlankCells) {
  const Catalog catalog = CatalogOfForceNames();
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(ExportedHeader(), ExportedMapping(), errors);
  std::optional<ImportRow> row =
      ParseImportRow({2,
                      {"Kent Police", "x", "Community resolution", "3", "2018-01-01", "2018-12-31",
                       "10", "0", "n", "n", " "}},
                     layout, CatalogWithLabels(), errors);
  EXPECT_FALSE(row.has_value());  // Kent is not in that catalogue
  errors.clear();
  row = ParseImportRow(
      {2, {"Kent Police", "x", "1", "3", "2018-01-01", "2018-12-31", "10", "0", "n", "n", " "}},
      layout, catalog, errors);
  ASSERT_TRUE(row.has_value()) << (errors.empty() ? "" : errors[0].message);
  EXPECT_EQ(row->offence_id, "disclosing-private-sexual-images");
  EXPECT_EQ(row->foi_reference, "FOI 2018/1");  // the cell is blank
  row = ParseImportRow(
      {3, {"Kent Police", "x", "1", "3", "2018-01-01", "2018-12-31", "10", "0", "n", "n", "KP/77"}},
      layout, catalog, errors);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->foi_reference, "KP/77");  // the cell wins over the default
}

TEST(ImportLayout, RefusesAMappedHeaderInTwoCells) {
  std::vector<CsvError> errors;
  CsvRecord header = ExportedHeader();
  header.fields.push_back("OUTCOME");
  const ImportLayout layout = ImportLayout::FromHeader(header, ExportedMapping(), errors);
  EXPECT_FALSE(layout.ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].column, 12);
  EXPECT_THAT(errors[0].message, HasSubstr("outcome: header 'OUTCOME' appears twice, in columns "
                                           "3 and 12"));
}

TEST(ImportLayout, NeedsAColumnNeitherMappedNorDefaulted) {
  std::vector<CsvError> errors;
  ImportMapping mapping = ExportedMapping();
  mapping.defaults.erase("offence");
  const ImportLayout layout = ImportLayout::FromHeader(ExportedHeader(), mapping, errors);
  EXPECT_FALSE(layout.ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("no 'offence' column"));
}

TEST(CheckImportMapping, ADefaultThatDoesNotReadIsOneHeaderError) {
  const std::vector<FieldViolation> violations =
      CheckImportMapping({.defaults = {{"period_start", "13/04/2015"},
                                       {"period_end", "2015-12-31"},
                                       {"total_reports", "-3"},
                                       {"not_yet_assigned", "0"},
                                       {"received_on", ""}}},
                         "header.");
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "header.defaults[\"period_start\"]");
  EXPECT_THAT(violations[0].description, HasSubstr("not a date"));
  EXPECT_EQ(violations[1].field, "header.defaults[\"total_reports\"]");
}

TEST(CheckImportMapping, NamesUnknownColumns) {
  const std::vector<FieldViolation> violations = CheckImportMapping(
      {.columns = {{"colour", "Colour"}, {"force", "Force\x01"}}, .defaults = {{"offence", "x"}}},
      "header.");
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "header.columns[\"colour\"]");
  EXPECT_EQ(violations[1].field, "header.columns[\"force\"]");
}

TEST(CheckImportMapping, RefusesNulBidiAndHugeValues) {
  const std::vector<FieldViolation> violations =
      CheckImportMapping({.defaults = {{"offence", std::string("a\0b", 3)},
                                       {"foi_reference", std::string(1 << 20, 'r')}},
                          .force_names = {{"D\xe2\x80\xae"
                                           "C",
                                           "devon-and-cornwall"}}},
                         "header.");
  std::vector<std::string> fields;
  for (const FieldViolation& violation : violations) fields.push_back(violation.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre(
                          "header.defaults[\"foi_reference\"]", "header.defaults[\"offence\"]",
                          ::testing::StartsWith("header.force_names[")));
  for (const FieldViolation& violation : violations) {
    EXPECT_LT(violation.field.size() + violation.description.size(), 300u);
  }
}

// A cell longer than a label may be (300 bytes) but well inside what the reader takes is that
// cell's error, quoted cut short.
TEST(ParseImportRow, AnOverlongCellIsACellErrorQuotedShort) {
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(Header(), errors);
  EXPECT_FALSE(
      ParseImportRow(Row(std::string(301, 'x'), "5"), layout, CatalogWithLabels(), errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].column, 1);
  EXPECT_THAT(errors[0].message, HasSubstr("at most 300"));
  EXPECT_LT(errors[0].message.size(), 200u);
}

// A case-level export: one row per report, its own headers, a column nobody needs, the
// offence and reference given for every row, the uploader's own words for outcomes.
CsvRecord CaseHeader() { return {1, {"Police force", "Date", "Outcome", "From", "To"}}; }

ImportMapping CaseMapping() {
  return {
      .layout = RowLayout::kCases,
      .columns = {{"force", "Police force"},
                  {"outcome", "Outcome"},
                  {"period_start", "From"},
                  {"period_end", "To"}},
      .defaults = {{"offence", "disclosing-private-sexual-images"}, {"foi_reference", "REF"}},
      .outcome_labels = {{"Charged/Summonsed", "1"},
                         {"", "unknown"},
                         {"Investigation ongoing", "not-yet-assigned"},
                         {"No crime", "not-a-report"},
                         {"Evidential difficulties", "evidential-difficulties-victim-supports"}}};
}

CsvRecord CaseRow(int64_t row, std::string force, std::string outcome) {
  return {row, {force, "2018-03-01", outcome, "2018-01-01", "2018-12-31"}};
}

TEST(ImportLayout, ACaseLayoutNeedsNoCountsAndIgnoresOtherColumns) {
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(CaseHeader(), CaseMapping(), errors);
  EXPECT_TRUE(layout.ok());
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_FALSE(layout.Reads(ImportColumn::kCount));
  EXPECT_FALSE(layout.Reads(ImportColumn::kTotalReports));
  EXPECT_TRUE(layout.Reads(ImportColumn::kOutcome));

  // Without the outcome column, the header says so.
  std::vector<CsvError> missing;
  EXPECT_FALSE(
      ImportLayout::FromHeader({1, {"Police force", "From", "To"}}, CaseMapping(), missing).ok());
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_THAT(missing[0].message, HasSubstr("outcome"));
}

TEST(ParseImportRow, ReadsACaseRowAsOneReportWithWhatItsLabelMeans) {
  const Catalog catalog = CatalogWithLabels();
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(CaseHeader(), CaseMapping(), errors);
  struct Case {
    const char* outcome;
    OutcomeKind kind;
    std::vector<std::string> types;
  };
  for (const Case& c : std::vector<Case>{
           {"charged/summonsed", OutcomeKind::kLine, {"1"}},
           {"  CHARGED/SUMMONSED ", OutcomeKind::kLine, {"1"}},
           {"Community resolution", OutcomeKind::kLine, {"8"}},  // the catalog's synonym
           {"2+3", OutcomeKind::kLine, {"2", "3"}},
           {"", OutcomeKind::kUnknown, {}},
           {"investigation ongoing", OutcomeKind::kNotYetAssigned, {}},
           {"No crime", OutcomeKind::kNotAReport, {}}}) {
    std::optional<ImportRow> row =
        ParseImportRow(CaseRow(2, "Lancashire Constabulary", c.outcome), layout, catalog, errors);
    ASSERT_TRUE(row.has_value()) << c.outcome;
    EXPECT_EQ(row->kind, c.kind) << c.outcome;
    EXPECT_EQ(row->outcome_types, c.types) << c.outcome;
    if (c.kind != OutcomeKind::kNotAReport) {
      EXPECT_EQ(row->count, 1) << c.outcome;
      EXPECT_EQ(row->force_id, "lancashire");
      EXPECT_EQ(row->offence_id, "disclosing-private-sexual-images");
    }
  }
  EXPECT_THAT(errors, IsEmpty());
}

TEST(ParseImportRow, ReportsEachUnknownNameOnceWithItsRowsAndALikelyMeaning) {
  const Catalog catalog = CatalogWithLabels();
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(CaseHeader(), CaseMapping(), errors);
  UnknownNames unknown;
  int64_t row = 2;
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(ParseImportRow(CaseRow(row++, "lancashire", "Chargd/Summonsed"), layout, catalog,
                                errors, unknown));
  }
  EXPECT_FALSE(ParseImportRow(CaseRow(row++, "Lancshire Constabulary", "Charged/Summonsed"), layout,
                              catalog, errors, unknown));
  EXPECT_FALSE(ParseImportRow(CaseRow(row++, "Atlantis Police", "Charged/Summonsed"), layout,
                              catalog, errors, unknown));
  EXPECT_THAT(errors, IsEmpty());  // nothing yet: names are reported for the whole file
  unknown.AppendErrors(catalog, layout.outcome_labels(), layout.MappedForceNames(), errors);
  ASSERT_EQ(errors.size(), 3u);
  std::sort(errors.begin(), errors.end(),
            [](const CsvError& a, const CsvError& b) { return a.row < b.row; });
  EXPECT_EQ(errors[0].row, 2);
  EXPECT_EQ(errors[0].column, 3);
  EXPECT_THAT(errors[0].message, HasSubstr("'Chargd/Summonsed' (in 3 rows)"));
  EXPECT_THAT(errors[0].message, HasSubstr("did you mean 'charged/summonsed'?"));
  EXPECT_EQ(errors[1].row, 5);
  EXPECT_THAT(errors[1].message, HasSubstr("unknown force 'Lancshire Constabulary' (in 1 row)"));
  EXPECT_THAT(errors[1].message, HasSubstr("did you mean 'Lancashire Constabulary'?"));
  EXPECT_EQ(errors[2].row, 6);
  EXPECT_THAT(errors[2].message, HasSubstr("'Atlantis Police'"));
  EXPECT_THAT(errors[2].message, Not(HasSubstr("did you mean")));
}

TEST(ParseImportRow, ABlankCaseOutcomeWithoutAMeaningAsksForOne) {
  const Catalog catalog = CatalogWithLabels();
  std::vector<CsvError> errors;
  ImportMapping mapping = CaseMapping();
  mapping.outcome_labels.erase("");
  const ImportLayout layout = ImportLayout::FromHeader(CaseHeader(), mapping, errors);
  EXPECT_FALSE(ParseImportRow(CaseRow(2, "lancashire", " "), layout, catalog, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("blank in 1 row"));
  EXPECT_THAT(errors[0].message, HasSubstr("outcome label \"\""));
}

TEST(ParseImportRow, AFiguresRowMayCountReportsInTheReturnsOwnFields) {
  const Catalog catalog = CatalogWithLabels();
  std::vector<CsvError> errors;
  const ImportLayout layout = ImportLayout::FromHeader(
      Header(), {.outcome_labels = {{"Under investigation", "not-yet-assigned"}}}, errors);
  std::optional<ImportRow> row =
      ParseImportRow(Row("under investigation", "7"), layout, catalog, errors);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->kind, OutcomeKind::kNotYetAssigned);
  EXPECT_EQ(row->count, 7);
  // Such a count is added to a figure, so it cannot be withheld.
  EXPECT_FALSE(ParseImportRow(Row("under investigation", "<5"), layout, catalog, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("cannot be withheld"));
}

TEST(CheckOutcomeLabels, NamesMeaningsThatAreNoneOfTheKnownOnes) {
  const std::vector<FieldViolation> violations =
      CheckOutcomeLabels({{"Charged", "1"},
                          {"charged ", "2"},
                          {"Cautioned", "caution"},
                          {"Ongoing", "not-yet-assigned"},
                          {"Mixed", "2+3"},
                          {"Group", "evidential-difficulties-victim-supports"}},
                         CatalogWithLabels(), "header.");
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "header.outcome_labels[\"Cautioned\"]");
  EXPECT_THAT(violations[0].description, HasSubstr("'caution' is neither"));
  EXPECT_EQ(violations[1].field, "header.outcome_labels[\"charged \"]");
  EXPECT_THAT(violations[1].description, HasSubstr("the same label as 'Charged'"));
}

}  // namespace
}  // namespace foi::ingest
