#include "stats-service/src/return_figures.h"

#include <gtest/gtest.h>

#include <optional>

namespace foi::stats {
namespace {

absl::CivilDay Day(int year, int month, int day) { return absl::CivilDay(year, month, day); }

struct EffectivePeriodCase {
  const char* what;
  absl::CivilDay period_start, period_end;
  absl::CivilDay in_force_from;
  std::optional<absl::CivilDay> in_force_until;
  absl::CivilDay effective_start, effective_end;
};

const EffectivePeriodCase kEffectivePeriodCases[] = {
    {"inside the offence's life: as given", Day(2016, 1, 1), Day(2016, 12, 31), Day(2015, 4, 13),
     std::nullopt, Day(2016, 1, 1), Day(2016, 12, 31)},
    {"starts before the offence came into force", Day(2015, 1, 1), Day(2020, 12, 31),
     Day(2015, 4, 13), std::nullopt, Day(2015, 4, 13), Day(2020, 12, 31)},
    {"ends after the offence was replaced", Day(2023, 4, 1), Day(2024, 3, 31), Day(2015, 4, 13),
     Day(2024, 1, 30), Day(2023, 4, 1), Day(2024, 1, 30)},
    {"both", Day(2015, 1, 1), Day(2024, 12, 31), Day(2015, 4, 13), Day(2024, 1, 30),
     Day(2015, 4, 13), Day(2024, 1, 30)},
    {"wholly before the offence: empty", Day(2014, 1, 1), Day(2014, 12, 31), Day(2015, 4, 13),
     std::nullopt, Day(2015, 4, 13), Day(2014, 12, 31)},
};

TEST(SetEffectivePeriod, CutsThePeriodToTheDaysTheOffenceWasInForce) {
  for (const EffectivePeriodCase& c : kEffectivePeriodCases) {
    ReturnFigures figures;
    figures.period_start = c.period_start;
    figures.period_end = c.period_end;
    SetEffectivePeriod(figures, c.in_force_from, c.in_force_until);
    EXPECT_EQ(figures.effective_start, c.effective_start) << c.what;
    EXPECT_EQ(figures.effective_end, c.effective_end) << c.what;
    EXPECT_EQ(figures.period_start, c.period_start) << c.what << ": the period as given stays";
    EXPECT_EQ(figures.period_end, c.period_end) << c.what;
  }
}

TEST(ReturnId, ReadsACanonicalUuidInEitherCaseAndWritesItInLowerCase) {
  const std::optional<ReturnId> id = ReturnId::Parse("0B7D5A52-8a3c-4d1e-9F61-2a6c0f4e1a01");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->ToString(), "0b7d5a52-8a3c-4d1e-9f61-2a6c0f4e1a01");
  EXPECT_EQ(ReturnId::Parse(id->ToString()), id);
  EXPECT_NE(ReturnId::Parse("0b7d5a52-8a3c-4d1e-9f61-2a6c0f4e1a02"), id);
  EXPECT_EQ(ReturnId().ToString(), "00000000-0000-0000-0000-000000000000");
}

TEST(ReturnId, RefusesTextThatIsNotACanonicalUuid) {
  for (const char* text :
       {"", "lancashire-2016", "0b7d5a528a3c4d1e9f612a6c0f4e1a01",
        "0b7d5a52-8a3c-4d1e-9f61-2a6c0f4e1a0", "0b7d5a52-8a3c-4d1e-9f61-2a6c0f4e1a0g",
        "{0b7d5a52-8a3c-4d1e-9f61-2a6c0f4e1a01}"}) {
    EXPECT_EQ(ReturnId::Parse(text), std::nullopt) << text;
  }
}

// A figure is held in 8 bytes, withheld marked by a value no count takes: a withheld figure
// must never read as a count, least of all as zero, the count it is most easily confused with.
TEST(FigureCount, AWithheldFigureIsNoCountNotEvenZero) {
  const FigureCount withheld = std::nullopt;
  const FigureCount zero = 0;
  EXPECT_FALSE(withheld.has_value());
  EXPECT_TRUE(zero.has_value());
  EXPECT_EQ(withheld.value_or(4), 4);
  EXPECT_EQ(zero.value_or(4), 0);
  EXPECT_NE(withheld, zero);
  EXPECT_FALSE(FigureCount().has_value()) << "a line read without a count is withheld";

  FigureCount reset = 12;
  EXPECT_EQ(reset.value_or(4), 12);
  reset.reset();
  EXPECT_FALSE(reset.has_value());
  EXPECT_NE((FigureLine{MaskOf({"8"}), std::nullopt}), (FigureLine{MaskOf({"8"}), 0}));
  static_assert(sizeof(FigureLine) == 16);
}

}  // namespace
}  // namespace foi::stats
