#include "ingest-service/src/import_assembler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <limits>

#include "ingest-service/src/return_validator.h"

namespace foi::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Rows as the importer reads them back; the strings live as long as the test.
struct Rows {
  std::deque<std::string> held;
  absl::string_view Hold(std::string text) { return held.emplace_back(std::move(text)); }

  StagedRow Make(int64_t row, std::string force, std::string outcome_types,
                 std::optional<int64_t> count, std::string label,
                 OutcomeKind kind = OutcomeKind::kLine, std::string total = "10") {
    StagedRow staged{.row = row,
                     .force_id = Hold(std::move(force)),
                     .offence_id = "disclosing-private-sexual-images",
                     .period_start = "2018-01-01",
                     .period_end = "2018-12-31",
                     .foi_reference = "REF",
                     .kind = kind,
                     .outcome_types = Hold(std::move(outcome_types)),
                     .count = count,
                     .label = Hold(std::move(label))};
    staged.own_fields = {Hold(std::move(total)), "0", "0", "0", "", ""};
    return staged;
  }
};

ImportLayout LayoutOf(RowLayout row_layout) {
  std::vector<CsvError> errors;
  CsvRecord header{1,
                   {"force", "offence", "period_start", "period_end", "foi_reference", "outcome"}};
  if (row_layout == RowLayout::kFigures) {
    for (const char* name : {"total_reports", "not_yet_assigned", "count"}) {
      header.fields.push_back(name);
    }
  }
  ImportLayout layout = ImportLayout::FromHeader(header, {.layout = row_layout}, errors);
  EXPECT_THAT(errors, IsEmpty());
  return layout;
}

TEST(ReturnAssembler, CountsCaseRowsIntoOneLinePerOutcomeAndATotal) {
  const ImportLayout layout = LayoutOf(RowLayout::kCases);
  std::vector<CsvError> errors;
  std::vector<AssembledReturn> returns;
  ReturnAssembler assembler(
      layout, [&](AssembledReturn r) { returns.push_back(std::move(r)); }, errors);
  Rows rows;
  assembler.Add(rows.Make(2, "lancashire", "1", 1, "Charged"));
  assembler.Add(rows.Make(3, "lancashire", "14 15 16", 1, "Evidential difficulties"));
  assembler.Add(rows.Make(5, "lancashire", "1", 1, "charged"));  // a second label, same codes
  assembler.Add(rows.Make(6, "lancashire", "", 1, "", OutcomeKind::kUnknown));
  assembler.Add(rows.Make(7, "lancashire", "", 1, "Ongoing", OutcomeKind::kNotYetAssigned));
  assembler.Add(rows.Make(9, "lancashire", "", 1, "", OutcomeKind::kUnknown));
  assembler.Add(rows.Make(4, "metropolitan", "8", 1, "Community resolution"));
  assembler.Finish();

  EXPECT_THAT(errors, IsEmpty());
  ASSERT_EQ(returns.size(), 2u);
  const FoiReturn& lancashire = returns[0].foi_return;
  EXPECT_EQ(lancashire.total_reports, 6);
  EXPECT_EQ(lancashire.unknown_outcome_reports, 2);
  EXPECT_EQ(lancashire.not_yet_assigned, 1);
  ASSERT_EQ(lancashire.lines.size(), 2u);
  EXPECT_THAT(lancashire.lines[0].outcome_types, ElementsAre("1"));
  EXPECT_EQ(lancashire.lines[0].count, 2);
  EXPECT_EQ(lancashire.lines[0].label, "Charged");  // the first label written
  EXPECT_FALSE(lancashire.lines[0].suppressed);
  EXPECT_EQ(lancashire.lines[1].count, 1);
  EXPECT_THAT(returns[0].line_rows, ElementsAre(2, 3));
  EXPECT_EQ(returns[0].first_row, 2);
  EXPECT_EQ(returns[1].foi_return.force_id, "metropolitan");
  EXPECT_EQ(returns[1].foi_return.total_reports, 1);
}

TEST(ReturnAssembler, KeepsFiguresAsGivenAndAddsLabelledCountsToOwnFields) {
  const ImportLayout layout = LayoutOf(RowLayout::kFigures);
  std::vector<CsvError> errors;
  std::vector<AssembledReturn> returns;
  ReturnAssembler assembler(
      layout, [&](AssembledReturn r) { returns.push_back(std::move(r)); }, errors);
  Rows rows;
  assembler.Add(rows.Make(2, "lancashire", "1", 3, "Charged"));
  assembler.Add(rows.Make(3, "lancashire", "1", std::nullopt, "Charged again"));
  assembler.Add(rows.Make(4, "lancashire", "", 4, "Ongoing", OutcomeKind::kNotYetAssigned));
  assembler.Add(rows.Make(5, "lancashire", "", 2, "Unrecorded", OutcomeKind::kUnaccounted));
  assembler.Finish();
  EXPECT_THAT(errors, IsEmpty());
  ASSERT_EQ(returns.size(), 1u);
  const FoiReturn& r = returns[0].foi_return;
  EXPECT_EQ(r.total_reports, 10);  // as the file says, never counted
  EXPECT_EQ(r.not_yet_assigned, 4);
  EXPECT_EQ(r.unaccounted_reports, 2);
  ASSERT_EQ(r.lines.size(), 2u);  // figures are never merged: the validator judges repeats
  EXPECT_TRUE(r.lines[1].suppressed);
  EXPECT_FALSE(r.lines[1].count.has_value());
}

TEST(ReturnAssembler, NamesARowWhoseOwnFieldsDisagreeWithItsReturnsFirstRow) {
  const ImportLayout layout = LayoutOf(RowLayout::kFigures);
  std::vector<CsvError> errors;
  int returns = 0;
  ReturnAssembler assembler(
      layout, [&](AssembledReturn) { ++returns; }, errors);
  Rows rows;
  assembler.Add(rows.Make(2, "lancashire", "1", 3, "Charged"));
  assembler.Add(
      rows.Make(3, "lancashire", "8", 3, "Community resolution", OutcomeKind::kLine, "11"));
  assembler.Finish();
  EXPECT_EQ(returns, 1);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].row, 3);
  EXPECT_EQ(errors[0].column, layout.ColumnNumber(ImportColumn::kTotalReports));
  EXPECT_THAT(errors[0].message, HasSubstr("'11' differs from '10' on row 2"));
}

TEST(ReturnAssembler, HugeFiguresAddedToOwnFieldsNeverOverflow) {
  const ImportLayout layout = LayoutOf(RowLayout::kFigures);
  std::vector<CsvError> errors;
  std::vector<AssembledReturn> returns;
  ReturnAssembler assembler(
      layout, [&](AssembledReturn r) { returns.push_back(std::move(r)); }, errors);
  Rows rows;
  const int64_t huge = std::numeric_limits<int64_t>::max();
  assembler.Add(rows.Make(2, "lancashire", "", huge, "Ongoing", OutcomeKind::kNotYetAssigned));
  assembler.Add(rows.Make(3, "lancashire", "", huge, "Ongoing", OutcomeKind::kNotYetAssigned));
  assembler.Finish();
  ASSERT_EQ(returns.size(), 1u);
  // Just past the largest figure taken: the validator refuses it, nothing wraps around.
  EXPECT_EQ(returns[0].foi_return.not_yet_assigned, kMaxFigure + 1);
}

TEST(ReturnAssembler, AReturnOfFarTooManyLinesIsOneErrorAndHeldNoFurther) {
  const ImportLayout layout = LayoutOf(RowLayout::kFigures);
  std::vector<CsvError> errors;
  std::vector<AssembledReturn> returns;
  ReturnAssembler assembler(
      layout, [&](AssembledReturn r) { returns.push_back(std::move(r)); }, errors);
  Rows rows;
  for (int64_t row = 2; row < 2 + static_cast<int64_t>(kMaxLinesPerReturn) + 50; ++row) {
    assembler.Add(rows.Make(row, "lancashire", "1", 1, "Charged"));
  }
  assembler.Finish();
  ASSERT_EQ(returns.size(), 1u);
  EXPECT_EQ(returns[0].foi_return.lines.size(), kMaxLinesPerReturn);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].row, 2 + static_cast<int64_t>(kMaxLinesPerReturn));
  EXPECT_THAT(errors[0].message, HasSubstr("more than 1000 lines"));
}

}  // namespace
}  // namespace foi::ingest
