#include "stats-service/src/force_comparison.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "absl/strings/str_cat.h"
#include "stats-service/src/force_breakdown.h"
#include "stats-service/src/outcome_trend.h"
#include "tests/support/test_catalog.h"

namespace foi::stats {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

const std::set<std::string> kNoFurtherAction = {"5",  "9",  "10", "11", "12", "13", "14",
                                                "15", "16", "17", "18", "19", "20", "21"};
const double kZ95 = 1.959963984540054;

absl::CivilDay Day(int year, int month, int day) { return absl::CivilDay(year, month, day); }

// A return of "revenge porn" (in force 2015-04-13 to 2024-01-30), its effective period set as
// the snapshot loader sets it.
ReturnFigures Figures(std::string force_id, absl::CivilDay start, absl::CivilDay end) {
  ReturnFigures f;
  f.version = 1;
  f.force_id = std::move(force_id);
  f.offence_id = "disclosing-private-sexual-images";
  f.period_start = start;
  f.period_end = end;
  SetEffectivePeriod(f, Day(2015, 4, 13), Day(2024, 1, 30));
  return f;
}

// The seed article's return, as encoded in the domain notes.
ReturnFigures SeedFigures() {
  ReturnFigures f = Figures("lancashire", Day(2015, 4, 13), Day(2017, 4, 12));
  f.total_reports = 220;
  f.not_yet_assigned = 12;
  f.lines = {{MaskOf({"1"}), 12},
             {MaskOf({"2", "3", "8"}), 19},
             {MaskOf({"15", "16"}), 110},
             {MaskOf({"10", "21"}), 17},
             {MaskOf({"18"}), 50}};
  return f;
}

TEST(NumeratorBounds, SeedReturnHas177NoFurtherActionOf220) {
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

TEST(NumeratorBounds, LineMergingInsideAndOutsideTypesMakesAnInterval) {
  const CountBounds bounds = NumeratorBounds(SeedFigures(), {"15"});
  EXPECT_EQ(bounds.min, 0);
  EXPECT_EQ(bounds.max, 110);
}

// Every way the figures could really be split: each withheld figure any value in
// [1, threshold], each merged line split any way among its types. The bounds must contain
// every resulting count and reach both ends.
TEST(NumeratorBounds, ContainEveryValueConsistentWithTheFigures) {
  ReturnFigures f = Figures("cumbria", Day(2018, 1, 1), Day(2018, 12, 31));
  f.suppression_threshold = 4;
  f.lines = {{MaskOf({"1"}), std::nullopt},
             {MaskOf({"2", "3"}), 3},
             {MaskOf({"8"}), std::nullopt},
             {MaskOf({"15", "18"}), std::nullopt}};
  const std::set<std::string> numerator = {"1", "3", "15"};
  int64_t seen_min = INT64_MAX, seen_max = 0;
  for (int w1 = 1; w1 <= 4; ++w1) {
    for (int split23 = 0; split23 <= 3; ++split23) {  // of 3, how many are type 3
      for (int w8 = 1; w8 <= 4; ++w8) {               // type 8: outside
        for (int w1518 = 1; w1518 <= 4; ++w1518) {
          for (int split15 = 0; split15 <= w1518; ++split15) {  // how many of them are 15
            const int64_t count = w1 + split23 + split15;
            seen_min = std::min(seen_min, count);
            seen_max = std::max(seen_max, count);
          }
        }
      }
    }
  }
  const CountBounds bounds = NumeratorBounds(f, numerator);
  EXPECT_EQ(bounds.min, seen_min);
  EXPECT_EQ(bounds.max, seen_max);
}

// The same property on many random returns: brute force every real split of the figures.
TEST(NumeratorBounds, ContainEveryConsistentValueOfRandomReturns) {
  std::mt19937 random(20261129);
  const std::vector<std::string> types = {"1", "3", "8", "15", "18"};
  for (int trial = 0; trial < 500; ++trial) {
    ReturnFigures f = Figures("a", Day(2018, 1, 1), Day(2018, 12, 31));
    f.suppression_threshold = 1 + static_cast<int>(random() % 4);
    std::vector<std::string> unused = types;
    std::vector<std::vector<std::string>> codes_of_line;
    std::shuffle(unused.begin(), unused.end(), random);
    while (!unused.empty()) {
      const size_t take = 1 + random() % unused.size();
      codes_of_line.emplace_back(unused.begin(), unused.begin() + take);
      unused.erase(unused.begin(), unused.begin() + take);
      FigureLine line{MaskOf(codes_of_line.back()), std::nullopt};
      if (random() % 3 != 0) line.count = random() % 6;
      f.lines.push_back(line);
    }
    std::set<std::string> numerator;
    for (const std::string& type : types) {
      if (random() % 2 == 0) numerator.insert(type);
    }
    // Every total the numerator can really have: each line's true figure (a withheld one is
    // 1..threshold) split any way between its types.
    std::set<int64_t> possible = {0};
    for (size_t l = 0; l < f.lines.size(); ++l) {
      const FigureLine& line = f.lines[l];
      const std::vector<std::string>& codes = codes_of_line[l];
      const auto inside = std::count_if(codes.begin(), codes.end(),
                                        [&](const std::string& t) { return numerator.count(t); });
      std::set<int64_t> next;
      for (int64_t figure = line.count.value_or(1);
           figure <= line.count.value_or(f.suppression_threshold); ++figure) {
        for (int64_t in = 0; in <= figure; ++in) {
          const bool possible_split =
              inside == 0 ? in == 0
                          : (inside == static_cast<long>(codes.size()) ? in == figure : true);
          if (!possible_split) continue;
          for (int64_t sum : possible) next.insert(sum + in);
        }
      }
      possible = next;
    }
    const CountBounds bounds = NumeratorBounds(f, numerator);
    EXPECT_EQ(bounds.min, *possible.begin()) << "trial " << trial;
    EXPECT_EQ(bounds.max, *possible.rbegin()) << "trial " << trial;
  }
}

// 199 reports, of which the reply breaks down 189 (charged 32, adult cautions 11, community
// resolutions 3, no suspect 45, evidential difficulties 98) and leaves 10 unaccounted.
ReturnFigures PartlyBrokenDown() {
  ReturnFigures f = Figures("west-mercia", Day(2016, 4, 1), Day(2017, 3, 31));
  f.total_reports = 199;
  f.unaccounted_reports = 10;
  f.lines = {{MaskOf({"1"}), 32},
             {MaskOf({"3"}), 11},
             {MaskOf({"8"}), 3},
             {MaskOf({"18"}), 45},
             {MaskOf({"15", "16"}), 98}};
  return f;
}

// 524 reports; the breakdown refused under section 12 (cost limit).
ReturnFigures Refusal() {
  ReturnFigures f = Figures("cleveland", Day(2016, 1, 1), Day(2016, 12, 31));
  f.total_reports = 524;
  f.unaccounted_reports = 524;
  f.exemptions = {"s12"};
  return f;
}

TEST(NumeratorBounds, UnaccountedReportsAddToTheMaximumWhenTheNumeratorHoldsATypeNoLineNames) {
  const ReturnFigures f = PartlyBrokenDown();
  // Type 1A (charged or summonsed) is named by no line: the 10 may be there.
  const CountBounds charged = NumeratorBounds(f, {"1", "1A"});
  EXPECT_EQ(charged.min, 32);
  EXPECT_EQ(charged.max, 42);
  const CountBounds no_further_action = NumeratorBounds(f, kNoFurtherAction);
  EXPECT_EQ(no_further_action.min, 45 + 98);
  EXPECT_EQ(no_further_action.max, 45 + 98 + 10);
}

TEST(NumeratorBounds, UnaccountedReportsStayOutOfANumeratorOfNamedTypesOnly) {
  const ReturnFigures f = PartlyBrokenDown();
  const CountBounds charged = NumeratorBounds(f, {"1"});
  EXPECT_EQ(charged.min, 32);
  EXPECT_EQ(charged.max, 32);
  const CountBounds every_named = NumeratorBounds(f, {"1", "3", "8", "15", "16", "18"});
  EXPECT_TRUE(every_named.exact());
  EXPECT_EQ(every_named.min, 189);
}

// 80 reports: 15 charged, 27 evidential difficulties or victim withdrew, 10 no suspect
// identified, and 28 the reply does not account for.
TEST(NumeratorBounds, AReplyThatAccountsForSomeReportsBoundsEveryGroupItLeavesOpen) {
  ReturnFigures f = Figures("sussex", Day(2019, 1, 1), Day(2019, 12, 31));
  f.total_reports = 80;
  f.unaccounted_reports = 28;
  f.lines = {{MaskOf({"1"}), 15}, {MaskOf({"15", "16"}), 27}, {MaskOf({"18"}), 10}};
  const CountBounds no_further_action = NumeratorBounds(f, kNoFurtherAction);
  EXPECT_EQ(no_further_action.min, 37);
  EXPECT_EQ(no_further_action.max, 65);
  const CountBounds action_taken = NumeratorBounds(f, {"1", "1A", "2", "3", "4", "6", "7", "8"});
  EXPECT_EQ(action_taken.min, 15);
  EXPECT_EQ(action_taken.max, 43);
  EXPECT_TRUE(NumeratorBounds(f, {"18"}).exact());
}

TEST(NumeratorBounds, UnknownOutcomeReportsAlwaysAddToTheMaximumOnly) {
  // A case-level file of 9 reports: 1 charged, 3 evidential difficulties, 2 no suspect
  // identified, 3 with the outcome cell blank.
  ReturnFigures f = Figures("west-yorkshire", Day(2019, 4, 1), Day(2019, 10, 31));
  f.total_reports = 9;
  f.unknown_outcome_reports = 3;
  f.lines = {{MaskOf({"1"}), 1}, {MaskOf({"15"}), 3}, {MaskOf({"18"}), 2}};
  const CountBounds charged = NumeratorBounds(f, {"1"});
  EXPECT_EQ(charged.min, 1);
  EXPECT_EQ(charged.max, 4);
  const CountBounds no_further_action = NumeratorBounds(f, kNoFurtherAction);
  EXPECT_EQ(no_further_action.min, 5);
  EXPECT_EQ(no_further_action.max, 8);
  const CountBounds cautioned = NumeratorBounds(f, {"3"});
  EXPECT_EQ(cautioned.min, 0);
  EXPECT_EQ(cautioned.max, 3);
}

TEST(NumeratorBounds, ARefusalAllowsAnythingFromNoneToEveryReport) {
  const ReturnFigures f = Refusal();
  for (const std::set<std::string>& numerator :
       std::vector<std::set<std::string>>{{"1"}, {"18"}, kNoFurtherAction}) {
    const CountBounds bounds = NumeratorBounds(f, numerator);
    EXPECT_EQ(bounds.min, 0);
    EXPECT_EQ(bounds.max, 524);
  }
}

TEST(NumeratorBounds, ReportsNotYetAssignedNeverCountEvenBesideUnexplainedOnes) {
  ReturnFigures f = Figures("cumbria", Day(2018, 1, 1), Day(2018, 12, 31));
  f.total_reports = 30;
  f.not_yet_assigned = 8;
  f.unaccounted_reports = 12;
  f.unknown_outcome_reports = 0;
  f.lines = {{MaskOf({"1"}), 10}};
  const CountBounds bounds = NumeratorBounds(f, kNoFurtherAction);
  EXPECT_EQ(bounds.min, 0);
  EXPECT_EQ(bounds.max, 12);
}

TEST(NumeratorBounds, WithheldAndMergedFiguresKeepTheirRulesBesideUnexplainedReports) {
  ReturnFigures f = PartlyBrokenDown();
  f.lines[3].count.reset();  // no suspect identified: "<5"
  f.unknown_outcome_reports = 5;
  f.total_reports = 199 - 45 + 2 + 5;
  // 18 withheld (1 to 4), 16 merged with 15 (0 to 98), the 5 unknown; both types are named,
  // so the 10 unaccounted are not in it.
  const CountBounds named = NumeratorBounds(f, {"16", "18"});
  EXPECT_EQ(named.min, 1);
  EXPECT_EQ(named.max, 4 + 98 + 5);
  // Type 14 is named by no line: now the 10 may be in it too.
  const CountBounds with_unnamed = NumeratorBounds(f, {"14", "16", "18"});
  EXPECT_EQ(with_unnamed.min, 1);
  EXPECT_EQ(with_unnamed.max, 4 + 98 + 5 + 10);
}

TEST(SelectReturns, UsesReturnsInsideTheWindowOrOverlappingWhenAllowed) {
  const ReturnFigures inside = Figures("a", Day(2016, 1, 1), Day(2016, 12, 31));
  const ReturnFigures straddling = Figures("a", Day(2017, 6, 1), Day(2018, 5, 31));
  const ReturnFigures outside = Figures("a", Day(2019, 1, 1), Day(2019, 12, 31));
  const std::vector<const ReturnFigures*> all = {&inside, &straddling, &outside};
  const Selection strict = SelectReturns(all, {Day(2016, 1, 1), Day(2017, 12, 31), false});
  EXPECT_THAT(strict.used, ElementsAre(&inside));
  EXPECT_THAT(strict.not_covered, ElementsAre(&straddling));
  const Selection partial = SelectReturns(all, {Day(2016, 1, 1), Day(2017, 12, 31), true});
  EXPECT_THAT(partial.used, ElementsAre(&inside, &straddling));
}

// A return of 2015-01-01 to 2020-12-31 counts from 2015-04-13, when the offence came into force.
TEST(SelectReturns, SeeAReturnOnlyOverItsEffectivePeriod) {
  const ReturnFigures since_2015 = Figures("a", Day(2015, 1, 1), Day(2020, 12, 31));
  EXPECT_EQ(since_2015.effective_start, Day(2015, 4, 13));
  const std::vector<const ReturnFigures*> all = {&since_2015};
  for (const bool allow_partial : {false, true}) {
    const Selection before = SelectReturns(all, {Day(2015, 1, 1), Day(2015, 4, 12), allow_partial});
    EXPECT_TRUE(before.used.empty());
    EXPECT_TRUE(before.not_covered.empty());
  }
  // Inside a window that starts with the offence, though its stated period starts before.
  EXPECT_THAT(SelectReturns(all, {Day(2015, 4, 13), Day(2020, 12, 31)}).used,
              ElementsAre(&since_2015));
}

TEST(SelectReturns, StopAReturnWhereItsOffenceWasReplaced) {
  // Revenge porn ended on 2024-01-30; a return to 2024-06-30 counts to then.
  const ReturnFigures into_2024 = Figures("a", Day(2023, 7, 1), Day(2024, 6, 30));
  EXPECT_EQ(into_2024.effective_end, Day(2024, 1, 30));
  const std::vector<const ReturnFigures*> all = {&into_2024};
  EXPECT_TRUE(SelectReturns(all, {Day(2024, 2, 1), Day(2024, 12, 31), true}).used.empty());
  EXPECT_THAT(SelectReturns(all, {Day(2023, 7, 1), Day(2024, 1, 31)}).used,
              ElementsAre(&into_2024));
}

class CompareForcesTest : public ::testing::Test {
 protected:
  Comparison Compare(const std::vector<std::string>& forces, Window window,
                     const std::set<std::string>& numerator = kNoFurtherAction) {
    return CompareForces(
        forces,
        [&](const std::string& force_id) {
          std::vector<const ReturnFigures*> of_force;
          for (const ReturnFigures& r : returns_) {
            if (r.force_id == force_id) of_force.push_back(&r);
          }
          return of_force;
        },
        numerator, window, kZ95);
  }

  std::vector<ReturnFigures> returns_;
};

TEST_F(CompareForcesTest, RowsPoolRankAndPlaceOnTheFunnel) {
  auto add = [&](std::string force, int64_t reports, int64_t nfa) {
    ReturnFigures f = Figures(std::move(force), Day(2018, 1, 1), Day(2018, 12, 31));
    f.total_reports = reports;
    f.lines = {{MaskOf({"1"}), reports - nfa}, {MaskOf({"18"}), nfa}};
    returns_.push_back(f);
  };
  add("a", 1000, 900);  // 90%: far above
  add("b", 1000, 500);
  add("c", 1000, 500);  // tie with b
  add("d", 1000, 100);  // far below
  returns_.reserve(8);
  const Comparison comparison =
      Compare({"a", "b", "c", "d", "e"}, {Day(2018, 1, 1), Day(2018, 12, 31)});
  ASSERT_EQ(comparison.rows.size(), 4u);
  EXPECT_EQ(comparison.national.reports, 4000);
  EXPECT_EQ(comparison.national.count.min, 2000);
  EXPECT_DOUBLE_EQ(*comparison.national.rate(), 0.5);
  EXPECT_THAT(comparison.rows, ElementsAre(Field(&ForceRow::rank, 1), Field(&ForceRow::rank, 2),
                                           Field(&ForceRow::rank, 2), Field(&ForceRow::rank, 4)));
  EXPECT_EQ(comparison.rows[0].position, FunnelPosition::kAbove998);
  EXPECT_EQ(comparison.rows[1].position, FunnelPosition::kWithin);
  EXPECT_EQ(comparison.rows[3].position, FunnelPosition::kBelow998);
  // 0.5 ± 1.96·sqrt(0.25/1000)
  EXPECT_NEAR(comparison.rows[1].funnel_95->upper, 0.5309897516, 1e-9);
  ASSERT_TRUE(comparison.rows[0].ci.has_value());
  EXPECT_LT(comparison.rows[0].ci->lower, 0.9);
  EXPECT_GT(comparison.rows[0].ci->upper, 0.9);
  ASSERT_EQ(comparison.excluded.size(), 1u);
  EXPECT_EQ(comparison.excluded[0].force_id, "e");
  EXPECT_EQ(comparison.excluded[0].reason, ExclusionReason::kNoReturn);
}

TEST_F(CompareForcesTest, IntervalRowsAreListedButNeitherPooledNorRanked) {
  returns_.push_back(SeedFigures());
  ReturnFigures withheld = SeedFigures();
  withheld.force_id = "cumbria";
  withheld.lines[4].count.reset();
  withheld.total_reports = 173;
  returns_.push_back(withheld);
  const Comparison comparison =
      Compare({"cumbria", "lancashire"}, {Day(2015, 1, 1), Day(2017, 12, 31)});
  ASSERT_EQ(comparison.rows.size(), 2u);
  EXPECT_FALSE(comparison.rows[0].rate().has_value());
  EXPECT_EQ(comparison.rows[0].rank, 0);
  EXPECT_EQ(comparison.rows[0].count.min, 128);
  EXPECT_EQ(comparison.rows[0].count.max, 131);
  EXPECT_EQ(comparison.national.reports, 220);
  // Not pooled, but the interval holds every consistent rate: Wilson's lower limit at 128/173
  // and its upper limit at 131/173.
  ASSERT_TRUE(comparison.rows[0].ci.has_value());
  EXPECT_DOUBLE_EQ(comparison.rows[0].ci->lower, WilsonInterval(128, 173, kZ95).lower);
  EXPECT_DOUBLE_EQ(comparison.rows[0].ci->upper, WilsonInterval(131, 173, kZ95).upper);
  EXPECT_EQ(comparison.all_reports, 393);
  EXPECT_EQ(comparison.all_count.min, comparison.national.count.min + 128);
  EXPECT_EQ(comparison.all_count.max, comparison.national.count.max + 131);
  ASSERT_EQ(comparison.excluded.size(), 1u);
  EXPECT_EQ(comparison.excluded[0].reason, ExclusionReason::kFiguresWithheld);
}

// Partial identification: an inexact row is placed only where every rate its figures allow
// lies. Target 0.5 from four exact forces of 1,000 reports; 95% limits at n = 1,000 are
// 0.5 ± 0.031, 99.8% ones 0.5 ± 0.0489.
TEST_F(CompareForcesTest, InexactRowsArePlacedOnlyWhereEveryConsistentRateLies) {
  auto add = [&](std::string force, int64_t nfa, std::optional<int64_t> withheld_other = {}) {
    ReturnFigures f = Figures(std::move(force), Day(2018, 1, 1), Day(2018, 12, 31));
    f.total_reports = 1000;
    f.lines = {{MaskOf({"1"}), 1000 - nfa - (withheld_other ? 4 : 0)}, {MaskOf({"18"}), nfa}};
    // A withheld line merging a type inside the numerator with one outside: 0..4 more.
    if (withheld_other) f.lines.push_back({MaskOf({"1A", "16"}), std::nullopt});
    returns_.push_back(f);
  };
  for (const char* exact : {"e1", "e2", "e3", "e4"}) add(exact, 500);
  add("above", 600, 1);     // 0.600..0.604: every rate above 0.5489
  add("within", 500, 1);    // 0.500..0.504: inside 0.469..0.531
  add("straddle", 527, 1);  // 0.527..0.531: up to the 95% limit 0.531 and beyond it
  add("below", 400, 1);     // 0.400..0.404: below 0.4511
  const Comparison comparison =
      Compare({"above", "below", "e1", "e2", "e3", "e4", "straddle", "within"},
              {Day(2018, 1, 1), Day(2018, 12, 31)});
  std::map<std::string, FunnelPosition> position;
  for (const ForceRow& row : comparison.rows) position[row.force_id] = row.position;
  EXPECT_EQ(position["above"], FunnelPosition::kAbove998);
  EXPECT_EQ(position["below"], FunnelPosition::kBelow998);
  EXPECT_EQ(position["within"], FunnelPosition::kWithin);
  EXPECT_EQ(position["straddle"], FunnelPosition::kUndetermined);
  EXPECT_DOUBLE_EQ(*comparison.national.rate(), 0.5);  // the exact pool only
  EXPECT_EQ(comparison.all_count.min, 2000 + 600 + 500 + 527 + 400);
  EXPECT_EQ(comparison.all_count.max, comparison.all_count.min + 16);
  EXPECT_EQ(comparison.overdispersion.units, 4);
}

// Each method's limits reach the rows; the binomial ones are today's, unchanged.
TEST_F(CompareForcesTest, TheFunnelMethodDrawsEveryRowsLimits) {
  const std::vector<std::pair<int64_t, int64_t>> forces = {
      {30, 3}, {120, 30}, {400, 60}, {900, 180}, {2500, 300}, {6000, 1500}, {9000, 900}};
  std::vector<std::string> ids;
  for (size_t i = 0; i < forces.size(); ++i) {
    ReturnFigures f = Figures(absl::StrCat("f", i), Day(2018, 1, 1), Day(2018, 12, 31));
    f.total_reports = forces[i].first;
    f.lines = {{MaskOf({"1"}), forces[i].first - forces[i].second},
               {MaskOf({"18"}), forces[i].second}};
    returns_.push_back(f);
    ids.push_back(f.force_id);
  }
  const Comparison binomial = Compare(ids, {Day(2018, 1, 1), Day(2018, 12, 31)});
  const double target = *binomial.national.rate();
  for (const ForceRow& row : binomial.rows) {
    const Interval expected = FunnelLimits(target, row.reports, kFunnelZ95);
    EXPECT_DOUBLE_EQ(row.funnel_95->lower, expected.lower);
    EXPECT_DOUBLE_EQ(row.funnel_95->upper, expected.upper);
  }
  for (FunnelMethod method : {FunnelMethod::kExactBinomial, FunnelMethod::kAdditiveRandomEffects,
                              FunnelMethod::kMultiplicative}) {
    const Comparison comparison = CompareForces(
        ids,
        [&](const std::string& force_id) {
          std::vector<const ReturnFigures*> of_force;
          for (const ReturnFigures& r : returns_) {
            if (r.force_id == force_id) of_force.push_back(&r);
          }
          return of_force;
        },
        kNoFurtherAction, {Day(2018, 1, 1), Day(2018, 12, 31)}, kZ95, method);
    EXPECT_EQ(comparison.method, method);
    EXPECT_EQ(comparison.overdispersion.units, 7);
    for (const ForceRow& row : comparison.rows) {
      const Interval expected =
          FunnelLimitsBy(method, target, row.reports, kFunnelZ998, comparison.overdispersion);
      EXPECT_DOUBLE_EQ(row.funnel_998->lower, expected.lower);
      EXPECT_DOUBLE_EQ(row.funnel_998->upper, expected.upper);
    }
    // These forces vary far beyond chance: both adjusted methods widen the limits.
    if (method != FunnelMethod::kExactBinomial) {
      EXPECT_TRUE(comparison.overdispersion.applied);
      EXPECT_GT(comparison.rows[6].funnel_95->upper, binomial.rows[6].funnel_95->upper);
    }
  }
}

TEST_F(CompareForcesTest, AReturnStraddlingTheWindowIsExcludedUnlessPartialPeriodsAreAllowed) {
  returns_.push_back(SeedFigures());
  const Comparison strict = Compare({"lancashire"}, {Day(2016, 1, 1), Day(2016, 12, 31)});
  EXPECT_TRUE(strict.rows.empty());
  ASSERT_EQ(strict.excluded.size(), 1u);
  EXPECT_EQ(strict.excluded[0].reason, ExclusionReason::kPeriodNotCovered);
  const Comparison partial = Compare({"lancashire"}, {Day(2016, 1, 1), Day(2016, 12, 31), true});
  ASSERT_EQ(partial.rows.size(), 1u);
  EXPECT_EQ(partial.rows[0].period_start, absl::CivilDay(2015, 4, 13));
  EXPECT_EQ(partial.rows[0].period_end, absl::CivilDay(2017, 4, 12));
}

TEST_F(CompareForcesTest, ARefusalIsARowFromNoneToAllWhoseExclusionNamesTheExemption) {
  returns_.push_back(Refusal());
  const Comparison comparison = Compare({"cleveland"}, {Day(2016, 1, 1), Day(2016, 12, 31)});
  ASSERT_EQ(comparison.rows.size(), 1u);
  EXPECT_EQ(comparison.rows[0].reports, 524);
  EXPECT_EQ(comparison.rows[0].count.min, 0);
  EXPECT_EQ(comparison.rows[0].count.max, 524);
  EXPECT_EQ(comparison.rows[0].rank, 0);
  EXPECT_EQ(comparison.rows[0].position, FunnelPosition::kNotComparable);
  EXPECT_EQ(comparison.national.reports, 0);
  ASSERT_EQ(comparison.excluded.size(), 1u);
  EXPECT_EQ(comparison.excluded[0].reason, ExclusionReason::kFiguresWithheld);
  EXPECT_EQ(comparison.excluded[0].detail,
            "reports the reply does not break down leave the count between 0 and 524; "
            "withheld under s12");
}

TEST_F(CompareForcesTest, AnExclusionNamesEveryCauseAndExemptionOfTheForcesReturnsOnce) {
  returns_.push_back(Refusal());
  ReturnFigures next_year = Figures("cleveland", Day(2017, 1, 1), Day(2017, 12, 31));
  next_year.total_reports = 40;
  next_year.unknown_outcome_reports = 6;
  next_year.exemptions = {"s40(2)", "s12"};
  next_year.lines = {{MaskOf({"1"}), std::nullopt}, {MaskOf({"18"}), 32}};
  returns_.push_back(next_year);
  const Comparison comparison =
      Compare({"cleveland"}, {Day(2016, 1, 1), Day(2017, 12, 31)}, {"1", "1A"});
  ASSERT_EQ(comparison.excluded.size(), 1u);
  EXPECT_EQ(comparison.excluded[0].detail,
            "withheld or merged figures, reports the reply does not break down and reports "
            "whose outcome the reply does not state leave the count between 1 and 534; "
            "withheld under s12, s40(2)");
}

TEST_F(CompareForcesTest, ARowOfNamedTypesStaysExactBesideUnaccountedReports) {
  returns_.push_back(PartlyBrokenDown());
  const Comparison comparison =
      Compare({"west-mercia"}, {Day(2016, 4, 1), Day(2017, 3, 31)}, {"1"});
  ASSERT_EQ(comparison.rows.size(), 1u);
  EXPECT_TRUE(comparison.rows[0].count.exact());
  EXPECT_DOUBLE_EQ(*comparison.rows[0].rate(), 32.0 / 199.0);
  EXPECT_EQ(comparison.rows[0].rank, 1);
  EXPECT_EQ(comparison.national.reports, 199);
  EXPECT_TRUE(comparison.excluded.empty());
}

TEST_F(CompareForcesTest, RowsAndExclusionsGiveEffectivePeriods) {
  ReturnFigures since_2015 = Figures("lancashire", Day(2015, 1, 1), Day(2020, 12, 31));
  since_2015.total_reports = 100;
  since_2015.lines = {{MaskOf({"18"}), 100}};
  returns_.push_back(since_2015);
  const Comparison before = Compare({"lancashire"}, {Day(2015, 1, 1), Day(2015, 4, 12)});
  EXPECT_TRUE(before.rows.empty());
  ASSERT_EQ(before.excluded.size(), 1u);
  EXPECT_EQ(before.excluded[0].reason, ExclusionReason::kNoReturn);

  const Comparison whole = Compare({"lancashire"}, {Day(2015, 4, 13), Day(2020, 12, 31)});
  ASSERT_EQ(whole.rows.size(), 1u);
  EXPECT_EQ(whole.rows[0].period_start, Day(2015, 4, 13));
  EXPECT_EQ(whole.rows[0].period_end, Day(2020, 12, 31));

  const Comparison straddled = Compare({"lancashire"}, {Day(2015, 1, 1), Day(2016, 12, 31)});
  ASSERT_EQ(straddled.excluded.size(), 1u);
  EXPECT_EQ(straddled.excluded[0].detail,
            "its returns (2015-04-13 to 2020-12-31) overlap the window but do not lie inside it");
}

TEST(BreakdownOf, GroupCountsAddUpToReportsMinusNotYetAssigned) {
  const ReturnFigures seed = SeedFigures();
  const Catalog catalog = testing::TestCatalog();
  const Breakdown breakdown = BreakdownOf({&seed}, catalog);
  EXPECT_EQ(breakdown.reports, 220);
  int64_t min_sum = 0, max_sum = 0, not_yet_assigned = 0;
  for (const GroupCount& group : breakdown.groups) {
    if (group.group_id == kNotYetAssigned) {
      not_yet_assigned = group.count.min;
      continue;
    }
    min_sum += group.count.min;
    max_sum += group.count.max;
  }
  EXPECT_EQ(not_yet_assigned, 12);
  // Merged lines (2+3+8, 15+16, 10+21) spread over groups: the truth lies between the sums.
  EXPECT_LE(min_sum, 220 - 12);
  EXPECT_GE(max_sum, 220 - 12);

  ReturnFigures by_group = Figures("cumbria", Day(2018, 1, 1), Day(2018, 12, 31));
  by_group.total_reports = 30;
  by_group.not_yet_assigned = 5;
  by_group.lines = {{MaskOf({"1", "1A"}), 5}, {MaskOf({"8"}), 10}, {MaskOf({"18"}), 10}};
  const Breakdown exact = BreakdownOf({&by_group}, catalog);
  int64_t sum = 0;
  for (const GroupCount& group : exact.groups) {
    ASSERT_TRUE(group.count.exact()) << group.group_id;
    if (group.group_id != kNotYetAssigned) sum += group.count.min;
  }
  EXPECT_EQ(sum, 30 - 5);
}

TEST(BreakdownOf, ShowsUnaccountedAndUnknownReportsAsSharesOfTheirOwn) {
  // 80 reports: 15 charged, 27 evidential difficulties or victim withdrew, 10 no suspect
  // identified, 28 unaccounted; and, in a second return, 6 with no outcome stated.
  ReturnFigures sussex = Figures("sussex", Day(2019, 1, 1), Day(2019, 12, 31));
  sussex.total_reports = 80;
  sussex.unaccounted_reports = 28;
  sussex.lines = {{MaskOf({"1"}), 15}, {MaskOf({"15", "16"}), 27}, {MaskOf({"18"}), 10}};
  ReturnFigures blanks = Figures("sussex", Day(2020, 1, 1), Day(2020, 12, 31));
  blanks.total_reports = 10;
  blanks.unknown_outcome_reports = 6;
  blanks.lines = {{MaskOf({"18"}), 4}};
  const Breakdown breakdown = BreakdownOf({&sussex, &blanks}, testing::TestCatalog());
  EXPECT_EQ(breakdown.reports, 90);
  std::map<std::string, GroupCount> by_id;
  for (const GroupCount& group : breakdown.groups) by_id[group.group_id] = group;
  ASSERT_GE(breakdown.groups.size(), 3u);
  const auto last = breakdown.groups.end() - 3;
  EXPECT_EQ(last[0].group_id, kNotYetAssigned);
  EXPECT_EQ(last[1].group_id, "unaccounted");
  EXPECT_EQ(last[1].name, "Not broken down by the reply");
  EXPECT_EQ(last[1].kind, "");
  EXPECT_EQ(last[1].count.min, 28);
  EXPECT_EQ(last[1].count.max, 28);
  EXPECT_EQ(last[2].group_id, "unknown-outcome");
  EXPECT_EQ(last[2].name, "Outcome not stated");
  EXPECT_EQ(last[2].kind, "");
  EXPECT_EQ(last[2].count.min, 6);
  EXPECT_EQ(last[2].count.max, 6);
  // Charged or summonsed (1, 1A): 1A is named by neither return; the 28 and the 6 may be there.
  EXPECT_EQ(by_id["charged-summonsed"].count.min, 15);
  EXPECT_EQ(by_id["charged-summonsed"].count.max, 15 + 28 + 6);
  // No suspect identified (18) is named by both: only the 6 unknown may add to it.
  EXPECT_EQ(by_id["investigation-complete-no-suspect"].count.min, 14);
  EXPECT_EQ(by_id["investigation-complete-no-suspect"].count.max, 14 + 6);
  // Victim supports (15): named by the first return's merged line; not by the second.
  EXPECT_EQ(by_id["evidential-difficulties-victim-supports"].count.min, 0);
  EXPECT_EQ(by_id["evidential-difficulties-victim-supports"].count.max, 27 + 6);
}

TEST(TrendOf, PlacesReturnsByTheirEffectivePeriods) {
  // 2015 as the force gives it; the offence existed from 2015-04-13, so it fits financial
  // year 2015/16.
  ReturnFigures y2015 = Figures("a", Day(2015, 1, 1), Day(2015, 12, 31));
  y2015.total_reports = 10;
  y2015.lines = {{MaskOf({"18"}), 10}};
  const Trend financial = TrendOf({&y2015}, YearKind::kFinancial, kNoFurtherAction, kZ95);
  ASSERT_EQ(financial.points.size(), 1u);
  EXPECT_EQ(financial.points[0].label, "2015/16");
  EXPECT_EQ(financial.points[0].row.period_start, Day(2015, 4, 13));
  EXPECT_TRUE(financial.spanning.empty());

  ReturnFigures since_2015 = Figures("a", Day(2015, 1, 1), Day(2020, 12, 31));
  since_2015.total_reports = 10;
  since_2015.lines = {{MaskOf({"18"}), 10}};
  const Trend calendar = TrendOf({&since_2015}, YearKind::kCalendar, kNoFurtherAction, kZ95);
  ASSERT_EQ(calendar.spanning.size(), 1u);
  EXPECT_EQ(calendar.spanning[0].label, "2015-04-13 to 2020-12-31");

  // To 2024-06-30: the offence was replaced on 2024-01-31, so it fits financial year 2023/24.
  ReturnFigures last = Figures("a", Day(2023, 4, 1), Day(2024, 6, 30));
  last.total_reports = 10;
  last.lines = {{MaskOf({"18"}), 10}};
  const Trend to_repeal = TrendOf({&last}, YearKind::kFinancial, kNoFurtherAction, kZ95);
  ASSERT_EQ(to_repeal.points.size(), 1u);
  EXPECT_EQ(to_repeal.points[0].label, "2023/24");
  EXPECT_EQ(to_repeal.points[0].row.period_end, Day(2024, 1, 30));
}

TEST(TrendOf, PoolsReturnsByYearAndNeverSplitsSpanningOnes) {
  ReturnFigures y2018 = Figures("a", Day(2018, 4, 1), Day(2019, 3, 31));
  y2018.total_reports = 10;
  y2018.lines = {{MaskOf({"18"}), 10}};
  ReturnFigures y2019 = Figures("a", Day(2019, 4, 1), Day(2020, 3, 31));
  y2019.total_reports = 20;
  y2019.lines = {{MaskOf({"18"}), 5}, {MaskOf({"1"}), 15}};
  const ReturnFigures seed = SeedFigures();
  const Trend financial =
      TrendOf({&y2018, &y2019, &seed}, YearKind::kFinancial, kNoFurtherAction, kZ95);
  ASSERT_EQ(financial.points.size(), 2u);
  EXPECT_EQ(financial.points[0].label, "2018/19");
  EXPECT_DOUBLE_EQ(*financial.points[0].row.rate(), 1.0);
  EXPECT_EQ(financial.points[1].label, "2019/20");
  EXPECT_DOUBLE_EQ(*financial.points[1].row.rate(), 0.25);
  ASSERT_EQ(financial.spanning.size(), 1u);
  EXPECT_EQ(financial.spanning[0].label, "2015-04-13 to 2017-04-12");
  EXPECT_EQ(financial.spanning[0].row.count.min, 177);

  // By calendar year, the financial-year returns span two years each.
  const Trend calendar = TrendOf({&y2018, &y2019}, YearKind::kCalendar, kNoFurtherAction, kZ95);
  EXPECT_TRUE(calendar.points.empty());
  EXPECT_EQ(calendar.spanning.size(), 2u);
}

}  // namespace
}  // namespace foi::stats
