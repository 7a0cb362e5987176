#include "stats-service/src/force_comparison.h"

#include <gtest/gtest.h>

namespace foi::stats {
namespace {

const std::set<std::string> kNoFurtherAction = {"5",  "9",  "10", "11", "12", "13", "14", "15",
                                                "16", "17", "18", "19", "20", "21"};

ReturnFigures SeedFigures() {
  ReturnFigures f;
  f.return_id = "seed";
  f.version = 1;
  f.force_id = "lancashire";
  f.total_reports = 220;
  f.not_yet_assigned = 12;
  f.lines = {{{"1"}, 12}, {{"2", "3", "8"}, 19}, {{"15", "16"}, 110}, {{"10", "21"}, 17},
             {{"18"}, 50}};
  return f;
}

TEST(NumeratorBounds, SeedReturnHas177NoFurtherAction) {
  const CountBounds bounds = NumeratorBounds(SeedFigures(), kNoFurtherAction);
  EXPECT_EQ(bounds.min, 177);
  EXPECT_EQ(bounds.max, 177);
}

TEST(NumeratorBounds, WithheldFigureInsideIsOneToThreshold) {
  ReturnFigures f = SeedFigures();
  f.lines[4].count.reset();
  const CountBounds bounds = NumeratorBounds(f, kNoFurtherAction);
  EXPECT_EQ(bounds.min, 127 + 1);
  EXPECT_EQ(bounds.max, 127 + 4);
}

TEST(NumeratorBounds, WithheldFigureOutsideDoesNotCount) {
  ReturnFigures f = SeedFigures();
  f.lines[0].count.reset();
  EXPECT_EQ(NumeratorBounds(f, kNoFurtherAction).min, 177);
  EXPECT_EQ(NumeratorBounds(f, kNoFurtherAction).max, 177);
}

TEST(NumeratorBounds, LineMergingInsideAndOutsideTypesMakesAnInterval) {
  // Only type 15 of the "15+16" line is in this numerator: anywhere from 0 to 110 of it.
  const CountBounds bounds = NumeratorBounds(SeedFigures(), {"15"});
  EXPECT_EQ(bounds.min, 0);
  EXPECT_EQ(bounds.max, 110);
  EXPECT_FALSE(bounds.exact());
}

TEST(CompareForces, SumsAForcesReturnsAndPoolsOnlyExactRows) {
  ReturnFigures second = SeedFigures();
  second.return_id = "second";
  ReturnFigures inexact = SeedFigures();
  inexact.force_id = "cumbria";
  inexact.lines[4].count.reset();

  const Comparison comparison = CompareForces({SeedFigures(), second, inexact}, kNoFurtherAction);
  ASSERT_EQ(comparison.rows.size(), 2u);
  EXPECT_EQ(comparison.rows[0].force_id, "cumbria");
  EXPECT_FALSE(comparison.rows[0].rate().has_value());
  EXPECT_EQ(comparison.rows[1].force_id, "lancashire");
  EXPECT_EQ(comparison.rows[1].reports, 440);
  EXPECT_EQ(comparison.rows[1].count.min, 354);
  EXPECT_DOUBLE_EQ(*comparison.rows[1].rate(), 354.0 / 440.0);
  EXPECT_EQ(comparison.national.reports, 440);
  EXPECT_EQ(comparison.national.count.min, 354);
}

TEST(CompareForces, NoReturnsGiveNoRowsAndAnEmptyNationalRow) {
  const Comparison comparison = CompareForces({}, kNoFurtherAction);
  EXPECT_TRUE(comparison.rows.empty());
  EXPECT_EQ(comparison.national.reports, 0);
  EXPECT_FALSE(comparison.national.rate().has_value());
}

}  // namespace
}  // namespace foi::stats
