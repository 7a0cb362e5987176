#include "stats-service/src/snapshot_refresher.h"

#include <gtest/gtest.h>

#include <chrono>

namespace foi::stats {
namespace {

using std::chrono::milliseconds;

TEST(ReloadInterval, KeepsReloadingToATenthOfACoreWithinASecond) {
  // Cheap reloads (small data, or after a full reload): every 100 ms.
  EXPECT_EQ(ReloadInterval(milliseconds(0)), milliseconds(100));
  EXPECT_EQ(ReloadInterval(milliseconds(5)), milliseconds(100));
  // Dearer ones: nine times their duration in between...
  EXPECT_EQ(ReloadInterval(milliseconds(50)), milliseconds(450));
  // ...but a change still shows within about a second.
  EXPECT_EQ(ReloadInterval(milliseconds(500)), milliseconds(1000));
}

TEST(ReloadEverything, OnlyWhenTheChangesAreAGoodPartOfAll) {
  // A few changes are read one by one, however small the snapshot...
  EXPECT_FALSE(ReloadEverything(1000, 0));
  EXPECT_TRUE(ReloadEverything(1001, 0));
  // ...and a second of 16 writers' changes does not reload 200,000 returns...
  EXPECT_FALSE(ReloadEverything(5000, 200'000));
  // ...but a quarter of them does.
  EXPECT_FALSE(ReloadEverything(50'000, 200'000));
  EXPECT_TRUE(ReloadEverything(50'001, 200'000));
}

}  // namespace
}  // namespace foi::stats
