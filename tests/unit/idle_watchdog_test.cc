#include "ingest-service/src/idle_watchdog.h"

#include <gtest/gtest.h>

#include <atomic>

#include "absl/time/clock.h"

namespace foi::ingest {
namespace {

TEST(IdleWatchdog, FiresOnceWhenNothingHappens) {
  std::atomic<int> calls{0};
  {
    IdleWatchdog watchdog(absl::Milliseconds(50), [&] { ++calls; });
    absl::SleepFor(absl::Milliseconds(400));
    EXPECT_TRUE(watchdog.fired());
  }
  EXPECT_EQ(calls.load(), 1);
}

TEST(IdleWatchdog, ActivityKeepsItQuiet) {
  std::atomic<int> calls{0};
  {
    IdleWatchdog watchdog(absl::Milliseconds(300), [&] { ++calls; });
    for (int i = 0; i < 10; ++i) {
      absl::SleepFor(absl::Milliseconds(50));
      watchdog.Touch();
    }
    EXPECT_FALSE(watchdog.fired());
  }
  EXPECT_EQ(calls.load(), 0);
}

TEST(IdleWatchdog, StopsWithoutFiringWhenDestroyed) {
  std::atomic<int> calls{0};
  {
    IdleWatchdog watchdog(absl::Hours(1), [&] { ++calls; });
  }
  EXPECT_EQ(calls.load(), 0);
}

}  // namespace
}  // namespace foi::ingest
