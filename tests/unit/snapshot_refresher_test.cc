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

}  // namespace
}  // namespace foi::stats
