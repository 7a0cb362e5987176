#include "stats-service/src/figures_snapshot.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_format.h"

namespace foi::stats {
namespace {

using ::testing::ElementsAre;

// A return id made from a small number, so that tests can name returns.
ReturnId Id(int n) { return *ReturnId::Parse(absl::StrFormat("00000000-0000-4000-8000-%012d", n)); }

// A return of "revenge porn" (in force from 2015-04-13), its effective period set.
std::shared_ptr<ReturnFigures> Figures(int id, absl::CivilDay start, absl::CivilDay end) {
  auto figures = std::make_shared<ReturnFigures>();
  figures->return_id = Id(id);
  figures->force_id = "lancashire";
  figures->offence_id = "disclosing-private-sexual-images";
  figures->period_start = start;
  figures->period_end = end;
  SetEffectivePeriod(*figures, absl::CivilDay(2015, 4, 13), std::nullopt);
  return figures;
}

MATCHER_P(HasId, id, "") { return arg->return_id == Id(id); }

TEST(FiguresSnapshot, ListsAForcesReturnsByEffectiveStartLeavingOutThoseOfNoDayOfTheOffence) {
  FiguresSnapshot::Returns returns = {
      Figures(2016, absl::CivilDay(2016, 1, 1), absl::CivilDay(2016, 12, 31)),
      Figures(2014, absl::CivilDay(2014, 1, 1), absl::CivilDay(2014, 12, 31)),
      Figures(2015, absl::CivilDay(2015, 1, 1), absl::CivilDay(2015, 12, 31)),
  };
  const FiguresSnapshot snapshot(std::move(returns), 1, absl::UnixEpoch());
  EXPECT_THAT(snapshot.ReturnsOf("disclosing-private-sexual-images", "lancashire"),
              ElementsAre(HasId(2015), HasId(2016)));
  EXPECT_THAT(snapshot.ReturnsOfOffence("disclosing-private-sexual-images"),
              ElementsAre(HasId(2015), HasId(2016)));
  EXPECT_EQ(snapshot.size(), 3u);
}

TEST(FiguresSnapshot, FindsAReturnByIdAndNothingForAnIdItDoesNotHold) {
  const FiguresSnapshot snapshot(
      {Figures(2017, absl::CivilDay(2017, 1, 1), absl::CivilDay(2017, 12, 31)),
       Figures(2016, absl::CivilDay(2016, 1, 1), absl::CivilDay(2016, 12, 31))},
      1, absl::UnixEpoch());
  ASSERT_NE(snapshot.Find(Id(2016)), nullptr);
  EXPECT_EQ(snapshot.Find(Id(2016))->period_start, absl::CivilDay(2016, 1, 1));
  EXPECT_EQ(snapshot.Find(Id(2018)), nullptr);
}

TEST(FiguresSnapshot, WithChangesReplacesAndDropsTheChangedReturnsAndSharesTheRest) {
  const auto kept = Figures(2016, absl::CivilDay(2016, 1, 1), absl::CivilDay(2016, 12, 31));
  const FiguresSnapshot before(
      {kept, Figures(2017, absl::CivilDay(2017, 1, 1), absl::CivilDay(2017, 12, 31)),
       Figures(2018, absl::CivilDay(2018, 1, 1), absl::CivilDay(2018, 12, 31))},
      1, absl::UnixEpoch());
  auto amended = Figures(2017, absl::CivilDay(2017, 1, 1), absl::CivilDay(2017, 12, 31));
  amended->version = 2;
  // 2017 amended, 2018 withdrawn (no active version to reload).
  const auto after = before.WithChanges({Id(2017).ToString(), Id(2018).ToString()}, {amended}, 2,
                                        absl::UnixEpoch());
  EXPECT_THAT(after->ReturnsOf("disclosing-private-sexual-images", "lancashire"),
              ElementsAre(HasId(2016), HasId(2017)));
  EXPECT_EQ(after->Find(Id(2016)), kept) << "an unchanged return is shared, not copied";
  EXPECT_EQ(after->Find(Id(2017))->version, 2);
  EXPECT_EQ(after->Find(Id(2018)), nullptr);
  EXPECT_EQ(after->data_version(), 2);
}

}  // namespace
}  // namespace foi::stats
