#include "ingest-service/src/return_validator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "tests/support/seed_return.h"
#include "tests/support/test_catalog.h"

namespace foi::ingest {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const absl::CivilDay kToday(2026, 11, 29);

FoiReturn SeedReturn() { return testing::SeedFoiReturn(); }

std::vector<FieldViolation> Validate(const FoiReturn& r) {
  return ValidateReturn(r, testing::TestCatalog(), kToday);
}

TEST(ReturnValidator, AcceptsTheSeedReturn) { EXPECT_THAT(Validate(SeedReturn()), IsEmpty()); }

struct RuleCase {
  const char* rule;
  std::function<void(FoiReturn&)> break_it;
  const char* field;
  const char* message_part;
};

void PrintTo(const RuleCase& rule_case, std::ostream* os) { *os << rule_case.rule; }

class ReturnValidatorRule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(ReturnValidatorRule, ReportsTheViolatingField) {
  FoiReturn r = SeedReturn();
  GetParam().break_it(r);
  EXPECT_THAT(Validate(r), Contains(AllOf(Field(&FieldViolation::field, GetParam().field),
                                          Field(&FieldViolation::description,
                                                HasSubstr(GetParam().message_part)))));
}

const RuleCase kRuleCases[] = {
    {"UnknownForce", [](FoiReturn& r) { r.force_id = "atlantis"; }, "force_id", "unknown force"},
    {"NearMissForce", [](FoiReturn& r) { r.force_id = "lancashir"; }, "force_id",
     "did you mean 'lancashire'"},
    {"MissingForce", [](FoiReturn& r) { r.force_id = ""; }, "force_id", "required"},
    {"UnknownOffence", [](FoiReturn& r) { r.offence_id = "jaywalking"; }, "offence_id",
     "unknown offence"},
    {"UnknownOutcomeType", [](FoiReturn& r) { r.lines[2].outcome_types[1] = "16B"; },
     "lines[2].outcome_types[1]", "unknown outcome type '16B'"},
    {"LineWithoutOutcomeTypes", [](FoiReturn& r) { r.lines[0].outcome_types.clear(); },
     "lines[0].outcome_types", "at least one outcome type"},
    {"NegativeCount", [](FoiReturn& r) { r.lines[3].count = -17; }, "lines[3].count",
     "must not be negative"},
    {"NegativeTotal", [](FoiReturn& r) { r.total_reports = -1; }, "total_reports",
     "must not be negative"},
    {"NegativeNotYetAssigned", [](FoiReturn& r) { r.not_yet_assigned = -12; },
     "not_yet_assigned", "must not be negative"},
    {"OutcomeTypeCountedTwice", [](FoiReturn& r) { r.lines[4].outcome_types = {"18", "21"}; },
     "lines[4].outcome_types[1]", "already counted at lines[3].outcome_types[1]"},
    {"NoLines", [](FoiReturn& r) { r.lines.clear(); }, "lines", "at least one line"},
    {"PeriodEndBeforeStart", [](FoiReturn& r) { r.period_end = "2015-04-12"; }, "period_end",
     "before period_start"},
    {"MalformedStart", [](FoiReturn& r) { r.period_start = "13/04/2015"; }, "period_start",
     "not a date"},
    {"ImpossibleDate", [](FoiReturn& r) { r.period_end = "2017-02-29"; }, "period_end",
     "not a date"},
    {"PeriodEndsInFuture", [](FoiReturn& r) { r.period_end = "2026-11-30"; }, "period_end",
     "in the future"},
    {"PeriodLongerThanTenYears",
     [](FoiReturn& r) {
       r.period_start = "2015-04-13";
       r.period_end = "2025-04-13";
     },
     "period_end", "longer than 10 years"},
    {"PeriodBeforeOffenceExisted", [](FoiReturn& r) { r.period_start = "2015-04-12"; },
     "period_start", "before the offence came into force on 2015-04-13"},
    {"TotalsDoNotAddUp", [](FoiReturn& r) { r.total_reports = 221; }, "total_reports",
     "= 220, not total_reports (221)"},
    {"SuppressedLineWithCount", [](FoiReturn& r) { r.lines[0].suppressed = true; },
     "lines[0].count", "must have no count"},
    {"UnsuppressedLineWithoutCount", [](FoiReturn& r) { r.lines[0].count.reset(); },
     "lines[0].count", "required unless the figure is suppressed"},
    {"WithheldFiguresCannotReachTotal",
     [](FoiReturn& r) {
       r.lines[0] = {{"1"}, std::nullopt, true, "<5"};  // 1..4 instead of 12
       r.total_reports = 220;                          // needs 12: unreachable
     },
     "total_reports", "between 209 and 212"},
    {"ImplausiblyLargeCount",
     [](FoiReturn& r) { r.lines[0].count = 9223372036854775807; }, "lines[0].count",
     "implausibly large"},
    {"ImplausiblyLargeTotal", [](FoiReturn& r) { r.total_reports = 4'000'000'000'000; },
     "total_reports", "implausibly large"},
    {"ThresholdOutOfRange", [](FoiReturn& r) { r.suppression_threshold = 0; },
     "suppression_threshold", "between 1 and"},
    {"ControlCharacterInReference", [](FoiReturn& r) { r.foi_reference = "FOI\x07 123"; },
     "foi_reference", "control characters"},
    {"OverlongLabel", [](FoiReturn& r) { r.lines[1].label = std::string(301, 'x'); },
     "lines[1].label", "at most 300"},
    {"MalformedReceivedOn", [](FoiReturn& r) { r.received_on = "yesterday"; }, "received_on",
     "not a date"},
    // PostgreSQL has no year 0: this once passed and failed in the database.
    {"ReceivedInYearZero", [](FoiReturn& r) { r.received_on = "0000-01-01"; }, "received_on",
     "not a date"},
    {"ReceivedBefore1900", [](FoiReturn& r) { r.received_on = "1899-12-31"; }, "received_on",
     "before 1900-01-01"},
    {"PeriodStartInYearOne", [](FoiReturn& r) { r.period_start = "0001-01-01"; }, "period_start",
     "before 1900-01-01"},
    {"NulInLabel", [](FoiReturn& r) { r.lines[0].label = std::string("Charged\0 x", 10); },
     "lines[0].label", "control characters (U+0000"},
    {"C1ControlInLabel", [](FoiReturn& r) { r.lines[0].label = "Charged \xc2\x85"; },
     "lines[0].label", "control characters (U+0085"},
    {"BidiOverrideInLabel",
     [](FoiReturn& r) { r.lines[0].label = "Charged \xe2\x80\xae" "21\xe2\x80\xac"; },
     "lines[0].label", "bidirectional formatting characters (U+202E"},
    {"BidiIsolateInReference", [](FoiReturn& r) { r.foi_reference = "FOI \xe2\x81\xa6x"; },
     "foi_reference", "bidirectional formatting characters (U+2066"},
    {"NotUtf8InLabel", [](FoiReturn& r) { r.lines[0].label = "Charg\xe9" "d"; }, "lines[0].label",
     "not valid UTF-8"},
    {"HugeForceId", [](FoiReturn& r) { r.force_id = std::string(1 << 20, 'x'); }, "force_id",
     "at most 100 are allowed"},
    {"NulInOutcomeType", [](FoiReturn& r) { r.lines[0].outcome_types[0] = std::string("1\0", 2); },
     "lines[0].outcome_types[0]", "control characters"},
};

INSTANTIATE_TEST_SUITE_P(EachRule, ReturnValidatorRule, ::testing::ValuesIn(kRuleCases),
                         [](const auto& info) { return std::string(info.param.rule); });

TEST(ReturnValidator, AcceptsWithheldFiguresThatCanReachTheTotal) {
  FoiReturn r = SeedReturn();
  r.lines[0] = {{"1"}, std::nullopt, true, "<5"};
  r.total_reports = 208 + 3;  // the withheld figure would be 3
  EXPECT_THAT(Validate(r), IsEmpty());
}

TEST(ReturnValidator, HonoursAReturnsOwnSuppressionThreshold) {
  FoiReturn r = SeedReturn();
  r.lines[0] = {{"1"}, std::nullopt, true, "<10"};
  r.suppression_threshold = 9;
  r.total_reports = 208 + 9;
  EXPECT_THAT(Validate(r), IsEmpty());
  r.total_reports = 208 + 10;
  EXPECT_THAT(Validate(r), Contains(Field(&FieldViolation::field, "total_reports")));
}

TEST(ReturnValidator, ReportsEveryViolationAtOnce) {
  FoiReturn r = SeedReturn();
  r.force_id = "atlantis";
  r.offence_id = "jaywalking";
  r.lines[0].count = -1;
  r.lines[1].outcome_types[0] = "99";
  r.period_end = "2014-01-01";
  EXPECT_THAT(Validate(r), SizeIs(5));
}

TEST(ReturnValidator, QuotesAnUnknownIdCutShort) {
  FoiReturn r = SeedReturn();
  r.offence_id = std::string(90, 'q');
  const std::vector<FieldViolation> violations = Validate(r);
  ASSERT_THAT(violations, SizeIs(1));
  EXPECT_THAT(violations[0].description, HasSubstr("... (90 bytes)"));
  EXPECT_LT(violations[0].description.size(), 120u);
}

TEST(NearestMatch, SuggestsOnlyCloseCandidates) {
  const std::vector<std::string> forces = {"lancashire", "cumbria", "merseyside"};
  EXPECT_EQ(NearestMatch("lancshire", forces), "lancashire");
  EXPECT_EQ(NearestMatch("cumbira", forces), "cumbria");
  EXPECT_EQ(NearestMatch("metropolitan", forces), "");
}

}  // namespace
}  // namespace foi::ingest
