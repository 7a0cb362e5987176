#include "stats-service/src/figures_snapshot.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "common/uuid.h"

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

TEST(FiguresSnapshot, ListsReturnsThatStartOnOneDayByTheirIds) {
  const FiguresSnapshot snapshot(
      {Figures(3, absl::CivilDay(2016, 1, 1), absl::CivilDay(2016, 12, 31)),
       Figures(1, absl::CivilDay(2016, 1, 1), absl::CivilDay(2016, 6, 30)),
       Figures(2, absl::CivilDay(2016, 1, 1), absl::CivilDay(2016, 3, 31))},
      1, absl::UnixEpoch());
  EXPECT_THAT(snapshot.ReturnsOf("disclosing-private-sexual-images", "lancashire"),
              ElementsAre(HasId(1), HasId(2), HasId(3)));
}

// Return 1 of Kent and return 2 of Lancashire, both of 2016.
FiguresSnapshot KentOneAndLancashireTwo() {
  auto of_kent = Figures(1, absl::CivilDay(2016, 1, 1), absl::CivilDay(2016, 12, 31));
  of_kent->force_id = "kent";
  return FiguresSnapshot(
      {of_kent, Figures(2, absl::CivilDay(2016, 1, 1), absl::CivilDay(2016, 12, 31))}, 1,
      absl::UnixEpoch());
}

TEST(FiguresSnapshot, WithChangesSharesTheListsOfForcesNoChangeTouches) {
  const FiguresSnapshot before = KentOneAndLancashireTwo();
  const auto after = before.WithChanges(
      {Id(3).ToString()}, {Figures(3, absl::CivilDay(2017, 1, 1), absl::CivilDay(2017, 12, 31))}, 2,
      absl::UnixEpoch());
  EXPECT_EQ(&after->ReturnsOf("disclosing-private-sexual-images", "kent"),
            &before.ReturnsOf("disclosing-private-sexual-images", "kent"));
  EXPECT_THAT(after->ReturnsOf("disclosing-private-sexual-images", "lancashire"),
              ElementsAre(HasId(2), HasId(3)));
  EXPECT_THAT(before.ReturnsOf("disclosing-private-sexual-images", "lancashire"),
              ElementsAre(HasId(2)))
      << "the snapshot a change was taken into stays as it was";
  EXPECT_EQ(after->size(), 3u);
}

TEST(FiguresSnapshot, AForceWhoseLastReturnIsWithdrawnListsNothing) {
  const FiguresSnapshot before = KentOneAndLancashireTwo();
  const auto after = before.WithChanges({Id(1).ToString()}, {}, 2, absl::UnixEpoch());
  EXPECT_THAT(after->ReturnsOf("disclosing-private-sexual-images", "kent"), ElementsAre());
  EXPECT_THAT(after->ReturnsOfOffence("disclosing-private-sexual-images"), ElementsAre(HasId(2)));
  EXPECT_EQ(after->Find(Id(1)), nullptr);
  EXPECT_EQ(after->size(), 1u);
}

// Many changes of every kind, taken in one reload after another, leave the same snapshot as
// one built afresh from the returns then active.
TEST(FiguresSnapshot, ChangesTakenInAgreeWithASnapshotBuiltAfresh) {
  std::mt19937 random(11);
  const std::vector<std::string> forces = {"kent", "lancashire", "essex"};
  const auto random_return = [&](ReturnId id, int version) {
    auto figures = std::make_shared<ReturnFigures>();
    figures->return_id = id;
    figures->version = version;
    figures->force_id = forces[random() % forces.size()];
    figures->offence_id = "disclosing-private-sexual-images";
    // Some wholly before the offence existed: held, but listed nowhere.
    figures->period_start = absl::CivilDay(2014, 1, 1) + static_cast<int>(random() % 1500);
    figures->period_end = figures->period_start + static_cast<int>(random() % 400);
    SetEffectivePeriod(*figures, absl::CivilDay(2015, 4, 13), std::nullopt);
    return std::shared_ptr<const ReturnFigures>(std::move(figures));
  };
  std::map<ReturnId, std::shared_ptr<const ReturnFigures>> active;
  for (int i = 0; i < 3000; ++i) {
    auto r = random_return(*ReturnId::Parse(NewUuid()), 1);
    active[r->return_id] = r;
  }
  auto snapshot = std::make_shared<const FiguresSnapshot>(FiguresSnapshot::Returns([&] {
                                                            FiguresSnapshot::Returns all;
                                                            for (const auto& [id, r] : active)
                                                              all.push_back(r);
                                                            return all;
                                                          }()),
                                                          1, absl::UnixEpoch());
  for (int reload = 2; reload <= 6; ++reload) {
    std::set<std::string> changed;
    FiguresSnapshot::Returns reloaded;
    for (int i = 0; i < 300; ++i) {
      auto pick = active.begin();
      std::advance(pick, random() % active.size());
      const ReturnId id = pick->first;
      if (!changed.insert(id.ToString()).second) continue;
      if (i % 3 == 0) {
        active.erase(id);  // withdrawn
      } else {
        reloaded.push_back(random_return(id, reload));  // amended, perhaps to another period
        active[id] = reloaded.back();
      }
    }
    for (int i = 0; i < 100; ++i) {  // submitted
      auto r = random_return(*ReturnId::Parse(NewUuid()), 1);
      changed.insert(r->return_id.ToString());
      reloaded.push_back(r);
      active[r->return_id] = r;
    }
    snapshot = snapshot->WithChanges(changed, std::move(reloaded), reload, absl::UnixEpoch());
  }
  FiguresSnapshot::Returns all;
  for (const auto& [id, r] : active) all.push_back(r);
  const FiguresSnapshot afresh(std::move(all), 6, absl::UnixEpoch());
  EXPECT_EQ(snapshot->size(), afresh.size());
  for (const std::string& force : forces) {
    EXPECT_EQ(snapshot->ReturnsOf("disclosing-private-sexual-images", force),
              afresh.ReturnsOf("disclosing-private-sexual-images", force))
        << force;
  }
  for (const auto& [id, r] : active) EXPECT_EQ(snapshot->Find(id), r);
}

}  // namespace
}  // namespace foi::stats
