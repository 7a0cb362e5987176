// File: stats-service/src/proportion_statistics.h
//
// The statistics of one proportion x/n that comparisons rest on, as pure functions:
// the normal quantile, the Wilson score interval and funnel-plot control limits
// (Spiegelhalter 2005), as the project's domain notes give them; reference values in the tests.
#pragma once

#include <cstdint>

namespace foi::stats {

struct Interval {
  double lower = 0;
  double upper = 0;
};

// z such that a standard normal variable lies in [-z, z] with probability `confidence`
// (0.95 -> 1.959964). `confidence` must lie in (0, 1).
double TwoSidedNormalQuantile(double confidence);

// Wilson score interval for x successes in n trials at normal quantile z; n must be > 0.
Interval WilsonInterval(int64_t x, int64_t n, double z);

// Control limits p0 ± z·sqrt(p0(1−p0)/n) around the target rate p0 for n reports, clipped to
// [0, 1]; n must be > 0.
Interval FunnelLimits(double p0, int64_t n, double z);

// The quantiles of the two conventional funnel limits.
inline constexpr double kFunnelZ95 = 1.959963984540054;
inline constexpr double kFunnelZ998 = 3.090232306167813;

}  // namespace foi::stats
