// The trend's change between points and its joining of an offence with its successors.
// Reference intervals: Newcombe 1998 ("Interval estimation for the difference between
// independent proportions", Statistics in Medicine 17:873-890, table II, method 10), and
// otherwise worked from the Wilson formula outside this code.
#include "stats-service/src/outcome_trend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/test_catalog.h"

namespace foi::stats {
namespace {

using ::testing::ElementsAre;

constexpr char kRevengePorn[] = "disclosing-private-sexual-images";  // to 2024-01-30
constexpr char kSharing[] = "sharing-intimate-images";               // from 2024-01-31
const std::set<std::string> kNoSuspect = {"18"};
constexpr double kZ95 = 1.959963984540054;
constexpr double kZ99 = 2.5758293035489;
constexpr double kTolerance = 1e-12;

absl::CivilDay Day(int year, int month, int day) { return absl::CivilDay(year, month, day); }

// A return of `offence` for `start` to `end` in which `x` of `n` reports had no suspect
// identified (18) and the rest were charged (1); its effective period cut to the offence's
// days in force, as the snapshot loader cuts it.
ReturnFigures Figures(const std::string& offence, absl::CivilDay start, absl::CivilDay end,
                      int64_t n, int64_t x) {
  static const Catalog catalog = testing::TestCatalog();
  const Offence& law = *catalog.FindOffence(offence);
  ReturnFigures f;
  f.version = 1;
  f.force_id = "lancashire";
  f.offence_id = offence;
  f.period_start = start;
  f.period_end = end;
  f.total_reports = n;
  f.lines = {{MaskOf({"18"}), x}, {MaskOf({"1"}), n - x}};
  SetEffectivePeriod(f, law.in_force_from, law.in_force_until);
  return f;
}

// A calendar year of `offence`.
ReturnFigures Year(const std::string& offence, int year, int64_t n, int64_t x) {
  return Figures(offence, Day(year, 1, 1), Day(year, 12, 31), n, x);
}

std::vector<std::string> Labels(const Trend& trend) {
  std::vector<std::string> labels;
  for (const TrendPoint& point : trend.points) labels.push_back(point.label);
  return labels;
}

void ExpectChange(const TrendPoint& point, double difference, double lower, double upper) {
  ASSERT_TRUE(point.change.has_value()) << point.label;
  EXPECT_NEAR(point.change->difference, difference, kTolerance) << point.label;
  EXPECT_NEAR(point.change->interval.lower, lower, kTolerance) << point.label;
  EXPECT_NEAR(point.change->interval.upper, upper, kTolerance) << point.label;
}

TEST(TrendChange, RiseMatchesNewcombesPublishedInterval) {
  // Newcombe's example (a): 56/70 - 48/80, 95% interval 0.0524 to 0.3339.
  const ReturnFigures y2021 = Year(kRevengePorn, 2021, 80, 48);
  const ReturnFigures y2022 = Year(kRevengePorn, 2022, 70, 56);
  const Trend trend = TrendOf({&y2021, &y2022}, YearKind::kCalendar, kNoSuspect, kZ95);
  ASSERT_THAT(Labels(trend), ElementsAre("2021", "2022"));
  EXPECT_FALSE(trend.points[0].change.has_value());  // nothing before it
  ExpectChange(trend.points[1], 0.2, 0.0524314724023648, 0.333872654036906);
  EXPECT_NEAR(trend.points[1].change->interval.lower, 0.0524, 5e-5);
  EXPECT_NEAR(trend.points[1].change->interval.upper, 0.3339, 5e-5);
  EXPECT_TRUE(trend.points[1].change->significant());
}

TEST(TrendChange, FallBeyondChanceIsSignificant) {
  const ReturnFigures y2021 = Year(kRevengePorn, 2021, 100, 60);
  const ReturnFigures y2022 = Year(kRevengePorn, 2022, 100, 30);
  const Trend trend = TrendOf({&y2021, &y2022}, YearKind::kCalendar, kNoSuspect, kZ95);
  ExpectChange(trend.points[1], -0.3, -0.421562392779688, -0.162921785721136);
  EXPECT_TRUE(trend.points[1].change->significant());
}

TEST(TrendChange, ChangeChanceExplainsIsNotSignificant) {
  // Newcombe's example (d): 5/56 - 0/29, 95% interval -0.0381 to 0.1926.
  const ReturnFigures y2021 = Year(kRevengePorn, 2021, 29, 0);
  const ReturnFigures y2022 = Year(kRevengePorn, 2022, 56, 5);
  // And 20/50 after 30/60: -0.1, interval -0.2744 to 0.0848.
  const ReturnFigures y2023 = Year(kRevengePorn, 2023, 60, 30);
  const ReturnFigures y2024 = Figures(kRevengePorn, Day(2024, 1, 1), Day(2024, 1, 30), 50, 20);
  const Trend trend =
      TrendOf({&y2021, &y2022, &y2023, &y2024}, YearKind::kCalendar, kNoSuspect, kZ95);
  ASSERT_THAT(Labels(trend), ElementsAre("2021", "2022", "2023", "2024"));
  ExpectChange(trend.points[1], 5.0 / 56, -0.0381371479035369, 0.192560013855112);
  EXPECT_FALSE(trend.points[1].change->significant());
  ExpectChange(trend.points[3], -0.1, -0.274350691261158, 0.0847653357854153);
  EXPECT_FALSE(trend.points[3].change->significant());
}

TEST(TrendChange, UsesTheQuantileOfThePointsIntervals) {
  // Newcombe's example (a) at 99%: wider, and still just above zero.
  const ReturnFigures y2021 = Year(kRevengePorn, 2021, 80, 48);
  const ReturnFigures y2022 = Year(kRevengePorn, 2022, 70, 56);
  const Trend trend = TrendOf({&y2021, &y2022}, YearKind::kCalendar, kNoSuspect, kZ99);
  ExpectChange(trend.points[1], 0.2, 0.0053708692500784, 0.371808431775774);
  EXPECT_TRUE(trend.points[1].change->significant());
}

TEST(TrendChange, OnlyBetweenPointsThatBothHaveARate) {
  const ReturnFigures y2018 = Year(kRevengePorn, 2018, 100, 40);
  ReturnFigures y2019 = Year(kRevengePorn, 2019, 100, 40);
  y2019.lines[0].count.reset();  // withheld: the count is 1 to 4, so 2019 has no rate
  const ReturnFigures y2020 = Year(kRevengePorn, 2020, 100, 50);
  const ReturnFigures y2021 = Year(kRevengePorn, 2021, 0, 0);  // no reports, no rate
  const ReturnFigures y2022 = Year(kRevengePorn, 2022, 100, 50);
  const Trend trend =
      TrendOf({&y2018, &y2019, &y2020, &y2021, &y2022}, YearKind::kCalendar, kNoSuspect, kZ95);
  ASSERT_THAT(Labels(trend), ElementsAre("2018", "2019", "2020", "2021", "2022"));
  EXPECT_FALSE(trend.points[1].row.count.exact());
  // Never from a bound, nor from further back than the previous point.
  for (const TrendPoint& point : trend.points) {
    EXPECT_FALSE(point.change.has_value()) << point.label;
  }
}

TEST(TrendChange, IsFromThePreviousPointAcrossYearsWithoutOne) {
  const ReturnFigures y2018 = Year(kRevengePorn, 2018, 80, 48);
  // Spanning 2019 and 2020: not a point, so no link in the chain of changes.
  const ReturnFigures spanning = Figures(kRevengePorn, Day(2019, 1, 1), Day(2020, 12, 31), 10, 9);
  const ReturnFigures y2021 = Year(kRevengePorn, 2021, 70, 56);
  const Trend trend = TrendOf({&y2018, &spanning, &y2021}, YearKind::kCalendar, kNoSuspect, kZ95);
  ASSERT_THAT(Labels(trend), ElementsAre("2018", "2021"));
  ExpectChange(trend.points[1], 0.2, 0.0524314724023648, 0.333872654036906);
  ASSERT_EQ(trend.spanning.size(), 1u);
  EXPECT_FALSE(trend.spanning[0].change.has_value());
}

TEST(TrendChange, OneOffencesPointsCarryItsIdAndNoChangeOfDefinition) {
  const ReturnFigures y2021 = Year(kRevengePorn, 2021, 80, 48);
  const ReturnFigures y2022 = Year(kRevengePorn, 2022, 70, 56);
  const Trend trend = TrendOf({&y2021, &y2022}, YearKind::kCalendar, kNoSuspect, kZ95);
  for (const TrendPoint& point : trend.points) {
    EXPECT_EQ(point.offence_id, kRevengePorn);
    EXPECT_FALSE(point.definition_changed);
  }
}

TEST(TrendOfSuccession, KeepsAMidYearChangeOfLawAsTwoPointsInOrder) {
  const ReturnFigures old_2022 = Year(kRevengePorn, 2022, 100, 40);
  const ReturnFigures old_2023 = Year(kRevengePorn, 2023, 100, 45);
  // The whole of 2024 as the forces give it: each counts only its offence's days.
  const ReturnFigures old_2024 = Year(kRevengePorn, 2024, 10, 3);
  const ReturnFigures new_2024 = Year(kSharing, 2024, 90, 60);
  const ReturnFigures new_2025 = Year(kSharing, 2025, 100, 70);
  const ReturnFigures new_spanning = Figures(kSharing, Day(2024, 6, 1), Day(2025, 5, 31), 5, 5);
  const Trend trend = TrendOfSuccession({{kRevengePorn, {&old_2022, &old_2023, &old_2024}},
                                         {kSharing, {&new_2024, &new_spanning, &new_2025}}},
                                        YearKind::kCalendar, kNoSuspect, kZ95);

  ASSERT_THAT(Labels(trend), ElementsAre("2022", "2023", "2024", "2024", "2025"));
  std::vector<std::string> offences;
  std::vector<bool> changed;
  for (const TrendPoint& point : trend.points) {
    offences.push_back(point.offence_id);
    changed.push_back(point.definition_changed);
  }
  EXPECT_THAT(offences, ElementsAre(kRevengePorn, kRevengePorn, kRevengePorn, kSharing, kSharing));
  EXPECT_THAT(changed, ElementsAre(false, false, false, true, false));
  // Never pooled: each 2024 point is its own offence's days and reports.
  EXPECT_EQ(trend.points[2].row.reports, 10);
  EXPECT_EQ(trend.points[2].row.period_end, Day(2024, 1, 30));
  EXPECT_EQ(trend.points[3].row.reports, 90);
  EXPECT_EQ(trend.points[3].row.period_start, Day(2024, 1, 31));
  // The change across the change of law is given (60/90 - 3/10), flagged by definition_changed.
  ExpectChange(trend.points[3], 60.0 / 90 - 0.3, 0.0466070467394589, 0.578396049398348);
  EXPECT_TRUE(trend.points[3].change->significant());
  ExpectChange(trend.points[4], 0.7 - 60.0 / 90, -0.0973268306834839, 0.163962414663195);
  EXPECT_FALSE(trend.points[4].change->significant());
  // A successor's spanning return is listed as any other.
  ASSERT_EQ(trend.spanning.size(), 1u);
  EXPECT_EQ(trend.spanning[0].offence_id, kSharing);
  EXPECT_EQ(trend.spanning[0].label, "2024-06-01 to 2025-05-31");
}

TEST(TrendOfSuccession, JoinsFinancialYearsTheSameWay) {
  // 2023/24 as both forces' replies give it: to 2024-01-30 under the old law, then the new.
  const ReturnFigures old_year = Figures(kRevengePorn, Day(2023, 4, 1), Day(2024, 3, 31), 10, 3);
  const ReturnFigures new_year = Figures(kSharing, Day(2023, 4, 1), Day(2024, 3, 31), 90, 60);
  const Trend trend = TrendOfSuccession({{kRevengePorn, {&old_year}}, {kSharing, {&new_year}}},
                                        YearKind::kFinancial, kNoSuspect, kZ95);
  ASSERT_THAT(Labels(trend), ElementsAre("2023/24", "2023/24"));
  EXPECT_EQ(trend.points[0].offence_id, kRevengePorn);
  EXPECT_EQ(trend.points[1].offence_id, kSharing);
  EXPECT_TRUE(trend.points[1].definition_changed);
  ExpectChange(trend.points[1], 60.0 / 90 - 0.3, 0.0466070467394589, 0.578396049398348);
}

TEST(TrendOfSuccession, MarksTheFirstPointOfASuccessorEvenWithNothingBeforeIt) {
  const ReturnFigures new_2025 = Year(kSharing, 2025, 100, 70);
  const Trend trend = TrendOfSuccession({{kRevengePorn, {}}, {kSharing, {&new_2025}}},
                                        YearKind::kCalendar, kNoSuspect, kZ95);
  ASSERT_EQ(trend.points.size(), 1u);
  EXPECT_TRUE(trend.points[0].definition_changed);
  EXPECT_FALSE(trend.points[0].change.has_value());
}

Offence Law(std::string id, std::string succeeded_by) {
  return {std::move(id), "", "", "", Day(2000, 1, 1), std::nullopt, std::move(succeeded_by)};
}

TEST(SuccessionOf, FollowsSucceededBy) {
  const Catalog catalog = testing::TestCatalog();
  EXPECT_THAT(SuccessionOf(catalog, kRevengePorn), ElementsAre(kRevengePorn, kSharing));
  EXPECT_THAT(SuccessionOf(catalog, kSharing), ElementsAre(kSharing));
  EXPECT_TRUE(SuccessionOf(catalog, "no-such-offence").empty());
}

TEST(SuccessionOf, StopsAtACycleAndAtAnUnknownSuccessor) {
  const Catalog cyclic({}, {Law("a", "b"), Law("b", "c"), Law("c", "a")}, {}, {});
  EXPECT_THAT(SuccessionOf(cyclic, "b"), ElementsAre("b", "c", "a"));
  const Catalog itself({}, {Law("a", "a")}, {}, {});
  EXPECT_THAT(SuccessionOf(itself, "a"), ElementsAre("a"));
  const Catalog dangling({}, {Law("a", "gone")}, {}, {});
  EXPECT_THAT(SuccessionOf(dangling, "a"), ElementsAre("a"));
}

}  // namespace
}  // namespace foi::stats
