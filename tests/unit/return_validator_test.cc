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
using ::testing::Not;
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
  EXPECT_THAT(
      Validate(r),
      Contains(AllOf(Field(&FieldViolation::field, GetParam().field),
                     Field(&FieldViolation::description, HasSubstr(GetParam().message_part)))));
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
    {"NegativeNotYetAssigned", [](FoiReturn& r) { r.not_yet_assigned = -12; }, "not_yet_assigned",
     "must not be negative"},
    {"OutcomeTypeCountedTwice",
     [](FoiReturn& r) {
       r.lines[4].outcome_types = {"18", "21"};
     },
     "lines[4].outcome_types[1]", "already counted at lines[3].outcome_types[1]"},
    // Without lines the reports must be explained some other way.
    {"NoLinesAndNothingDeclared", [](FoiReturn& r) { r.lines.clear(); }, "total_reports",
     "so 208 of total_reports (220) are unexplained: if the reply does not break them down, "
     "record them in unaccounted_reports"},
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
    {"TotalsDoNotAddUp", [](FoiReturn& r) { r.total_reports = 221; }, "total_reports",
     "= 220, so 1 of total_reports (221) are unexplained"},
    {"MoreDeclaredThanReported", [](FoiReturn& r) { r.unaccounted_reports = 3; }, "total_reports",
     "= 223, more than total_reports (220)"},
    {"NegativeUnaccounted", [](FoiReturn& r) { r.unaccounted_reports = -3; }, "unaccounted_reports",
     "must not be negative"},
    {"NegativeUnknown", [](FoiReturn& r) { r.unknown_outcome_reports = -1; },
     "unknown_outcome_reports", "must not be negative"},
    {"ExemptionInWords", [](FoiReturn& r) { r.exemptions = {"Section 12"}; }, "exemptions[0]",
     "written as s<section>(<subsection>)..., e.g. s12"},
    {"ExemptionNotInTheAct", [](FoiReturn& r) { r.exemptions = {"s13"}; }, "exemptions[0]",
     "s13 is not a section of the Freedom of Information Act 2000 under which information is "
     "withheld; did you mean"},
    {"ExemptionWithBrokenSubsection", [](FoiReturn& r) { r.exemptions = {"s40(2"}; },
     "exemptions[0]", "is not a section"},
    {"ExemptionWithControlCharacter", [](FoiReturn& r) { r.exemptions = {"s12\n"}; },
     "exemptions[0]", "control characters"},
    {"SuppressedLineWithCount", [](FoiReturn& r) { r.lines[0].suppressed = true; },
     "lines[0].count", "must have no count"},
    {"UnsuppressedLineWithoutCount", [](FoiReturn& r) { r.lines[0].count.reset(); },
     "lines[0].count", "required unless the figure is suppressed"},
    {"WithheldFiguresCannotReachTotal",
     [](FoiReturn& r) {
       r.lines[0] = {{"1"}, std::nullopt, true, "<5"};  // 1..4 instead of 12
       r.total_reports = 220;                           // needs 12: unreachable
     },
     "total_reports", "between 209 and 212"},
    {"ImplausiblyLargeCount", [](FoiReturn& r) { r.lines[0].count = 9223372036854775807; },
     "lines[0].count", "implausibly large"},
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
     [](FoiReturn& r) {
       r.lines[0].label =
           "Charged \xe2\x80\xae"
           "21\xe2\x80\xac";
     },
     "lines[0].label", "bidirectional formatting characters (U+202E"},
    {"BidiIsolateInReference", [](FoiReturn& r) { r.foi_reference = "FOI \xe2\x81\xa6x"; },
     "foi_reference", "bidirectional formatting characters (U+2066"},
    {"NotUtf8InLabel",
     [](FoiReturn& r) {
       r.lines[0].label =
           "Charg\xe9"
           "d";
     },
     "lines[0].label", "not valid UTF-8"},
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

// Shapes real replies take (shared/domain/real-replies.md), each storable exactly.
TEST(ReturnValidator, AcceptsAReplyThatBreaksDownOnlySomeReports) {
  FoiReturn r = SeedReturn();  // 220 reports, 12 not yet assigned
  r.total_reports = 230;
  r.unaccounted_reports = 10;  // "230 reports", of which 220 are broken down
  EXPECT_THAT(Validate(r), IsEmpty());
}

TEST(ReturnValidator, AcceptsAReplyThatAnswersOnlyWhatItWasAsked) {
  FoiReturn r = SeedReturn();
  r.total_reports = 80;
  r.not_yet_assigned = 0;
  r.lines = {{{"1"}, 15, false, "Charged"},
             {{"14", "15", "16"}, 27, false, "Evidential difficulties or victim withdrew"},
             {{"18"}, 10, false, "No suspect identified"}};
  r.unaccounted_reports = 28;
  EXPECT_THAT(Validate(r), IsEmpty());
}

TEST(ReturnValidator, AcceptsARefusalUnderSection12) {
  FoiReturn r = SeedReturn();
  r.lines.clear();
  r.total_reports = 524;
  r.not_yet_assigned = 0;
  r.unaccounted_reports = 524;
  r.exemptions = {"s12"};
  EXPECT_THAT(Validate(r), IsEmpty());
}

TEST(ReturnValidator, AcceptsACaseListWithBlankOutcomes) {
  FoiReturn r = SeedReturn();
  r.total_reports = 226;
  r.unknown_outcome_reports = 6;  // six rows with a blank or "nn" outcome cell
  EXPECT_THAT(Validate(r), IsEmpty());
}

TEST(ReturnValidator, UndeclaredGapsAreStillCaughtWithWithheldFigures) {
  FoiReturn r = SeedReturn();
  r.lines[0] = {{"1"}, std::nullopt, true, "<5"};  // 1..4 instead of 12
  r.total_reports = 220;                           // 209..212 reach it only with 8 more
  EXPECT_THAT(Validate(r),
              Contains(Field(&FieldViolation::description,
                             HasSubstr("so 8 of total_reports (220) are unexplained"))));
  r.unaccounted_reports = 8;
  EXPECT_THAT(Validate(r), IsEmpty());
}

TEST(ReturnValidator, AcceptsTheFormsExemptionsAreWrittenIn) {
  FoiReturn r = SeedReturn();
  r.exemptions = {"s12", "s14", "s22A", "s40(2)", "s31(1)(a)", "s40(3A)(a)", "s30", "s1"};
  EXPECT_THAT(Validate(r), IsEmpty());
}

TEST(ReturnWarnings, AReturnThatStartsBeforeTheOffenceIsStoredWithAWarning) {
  FoiReturn r = SeedReturn();
  r.period_start = "2015-01-01";  // "1 January 2015 to ...": the offence began 13 April 2015
  EXPECT_THAT(Validate(r), IsEmpty());
  EXPECT_THAT(
      WarningsFor(r, testing::TestCatalog()),
      Contains(AllOf(Field(&Warning::field, "period_start"),
                     Field(&Warning::description, HasSubstr("came into force on 2015-04-13")))));
}

TEST(ReturnWarnings, AReturnThatEndsAfterTheOffenceWasReplacedIsStoredWithAWarning) {
  FoiReturn r = SeedReturn();
  r.period_start = "2023-04-01";
  r.period_end = "2024-03-31";
  EXPECT_THAT(Validate(r), IsEmpty());
  EXPECT_THAT(WarningsFor(r, testing::TestCatalog()),
              Contains(AllOf(Field(&Warning::field, "period_end"),
                             Field(&Warning::description,
                                   HasSubstr("last day in force, 2024-01-30 "
                                             "(sharing-intimate-images replaced it)")))));
}

TEST(ReturnWarnings, AnOutcomeTypeUsedBeforeItExistedIsWarnedOf) {
  FoiReturn r = SeedReturn();  // from 2015-04-13; line 3 counts type 21 (from 2016)
  const std::vector<Warning> warnings = WarningsFor(r, testing::TestCatalog());
  EXPECT_THAT(
      warnings,
      Contains(AllOf(Field(&Warning::field, "lines[3].outcome_types[1]"),
                     Field(&Warning::description, HasSubstr("exists only from 2016-01-01")))));
}

TEST(ReturnWarnings, MostReportsUnexplainedIsWarnedOf) {
  FoiReturn r = SeedReturn();
  r.lines.clear();
  r.total_reports = 524;
  r.not_yet_assigned = 0;
  r.unaccounted_reports = 524;
  r.exemptions = {"s12"};
  EXPECT_THAT(WarningsFor(r, testing::TestCatalog()),
              Contains(Field(&Warning::field, "unaccounted_reports")));
  EXPECT_THAT(WarningsFor(SeedReturn(), testing::TestCatalog()),
              Not(Contains(Field(&Warning::field, "unaccounted_reports"))));
}

TEST(NearestMatch, SuggestsOnlyCloseCandidates) {
  const std::vector<std::string> forces = {"lancashire", "cumbria", "merseyside"};
  EXPECT_EQ(NearestMatch("lancshire", forces), "lancashire");
  EXPECT_EQ(NearestMatch("cumbira", forces), "cumbria");
  EXPECT_EQ(NearestMatch("metropolitan", forces), "");
}

}  // namespace
}  // namespace foi::ingest
