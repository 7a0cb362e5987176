#include "stats-service/src/proportion_statistics.h"

#include <gtest/gtest.h>

namespace foi::stats {
namespace {

// Reference values were computed independently of this code, in Python 3.11:
//   from statistics import NormalDist; import math
//   z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
//   wilson(x, n, z): c = (x + z*z/2) / (n + z*z); h = z*math.sqrt(x*(n-x)/n + z*z/4) / (n + z*z)
//                    -> (c - h, c + h)
//   funnel(p0, n, z): p0 -/+ z*math.sqrt(p0*(1-p0)/n)
constexpr double kTolerance = 1e-9;

TEST(TwoSidedNormalQuantile, MatchesReferenceValues) {
  EXPECT_NEAR(TwoSidedNormalQuantile(0.95), 1.9599639845400536, kTolerance);
  EXPECT_NEAR(TwoSidedNormalQuantile(0.99), 2.5758293035489, kTolerance);
  EXPECT_NEAR(TwoSidedNormalQuantile(0.90), 1.6448536269514715, kTolerance);
  EXPECT_NEAR(TwoSidedNormalQuantile(0.998), kFunnelZ998, kTolerance);
}

struct WilsonCase {
  int64_t x, n;
  double lower, upper;
};

TEST(WilsonInterval, MatchesReferenceValuesAt95Percent) {
  const double z = 1.9599639845400536;
  for (const WilsonCase& c :
       {WilsonCase{177, 220, 0.7471078849559721, 0.8515301006342634},
        WilsonCase{0, 10, 0.0, 0.27753279986288915}, WilsonCase{10, 10, 0.7224672001371107, 1.0},
        WilsonCase{1, 1, 0.20654931437723745, 1.0},
        WilsonCase{40, 61, 0.5304974914056819, 0.7625249103965452}}) {
    const Interval interval = WilsonInterval(c.x, c.n, z);
    EXPECT_NEAR(interval.lower, c.lower, kTolerance) << c.x << "/" << c.n;
    EXPECT_NEAR(interval.upper, c.upper, kTolerance) << c.x << "/" << c.n;
  }
}

TEST(FunnelLimits, MatchesReferenceValues) {
  const double p0 = 837.0 / 1176.0;  // the sample data's national no-further-action rate
  const Interval limits_95 = FunnelLimits(p0, 220, kFunnelZ95);
  EXPECT_NEAR(limits_95.lower, 0.6518808554472488, kTolerance);
  EXPECT_NEAR(limits_95.upper, 0.7715885323078533, kTolerance);
  const Interval limits_998 = FunnelLimits(p0, 61, kFunnelZ998);
  EXPECT_NEAR(limits_998.lower, 0.5325167595573088, kTolerance);
  EXPECT_NEAR(limits_998.upper, 0.8909526281977933, kTolerance);
}

TEST(FunnelLimits, StayWithinZeroAndOne) {
  const Interval limits = FunnelLimits(0.98, 5, kFunnelZ998);
  EXPECT_LE(limits.upper, 1.0);
  EXPECT_GE(FunnelLimits(0.01, 3, kFunnelZ998).lower, 0.0);
}

}  // namespace
}  // namespace foi::stats
