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

}  // namespace
}  // namespace foi::stats
