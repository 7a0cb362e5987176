#include "stats-service/src/figures_snapshot.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace foi::stats {
namespace {

using ::testing::ElementsAre;

// A return of "revenge porn" (in force from 2015-04-13), its effective period set.
std::shared_ptr<ReturnFigures> Figures(std::string return_id, absl::CivilDay start,
                                       absl::CivilDay end) {
  auto figures = std::make_shared<ReturnFigures>();
  figures->return_id = std::move(return_id);
  figures->force_id = "lancashire";
  figures->offence_id = "disclosing-private-sexual-images";
  figures->period_start = start;
  figures->period_end = end;
  SetEffectivePeriod(*figures, absl::CivilDay(2015, 4, 13), std::nullopt);
  return figures;
}

MATCHER_P(HasId, id, "") { return arg->return_id == id; }

TEST(FiguresSnapshot, ListsAForcesReturnsByEffectiveStartLeavingOutThoseOfNoDayOfTheOffence) {
  FiguresSnapshot::Returns returns = {
      Figures("2016", absl::CivilDay(2016, 1, 1), absl::CivilDay(2016, 12, 31)),
      Figures("2014", absl::CivilDay(2014, 1, 1), absl::CivilDay(2014, 12, 31)),
      Figures("2015", absl::CivilDay(2015, 1, 1), absl::CivilDay(2015, 12, 31)),
  };
  const FiguresSnapshot snapshot(std::move(returns), 1, absl::UnixEpoch());
  EXPECT_THAT(snapshot.ReturnsOf("disclosing-private-sexual-images", "lancashire"),
              ElementsAre(HasId("2015"), HasId("2016")));
  EXPECT_THAT(snapshot.ReturnsOfOffence("disclosing-private-sexual-images"),
              ElementsAre(HasId("2015"), HasId("2016")));
  EXPECT_EQ(snapshot.size(), 3u);
}

}  // namespace
}  // namespace foi::stats
