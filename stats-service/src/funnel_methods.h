// File: stats-service/src/funnel_methods.h
//
// Funnel-plot control limits for a proportion by four methods, the overdispersion estimates two
// of them need, and the interval for a difference of two proportions, as pure functions:
//   - kBinomial: the normal approximation, FunnelLimits (Spiegelhalter 2005, "Funnel plots for
//     comparing institutional performance", Statistics in Medicine 24:1185-1202);
//   - kExactBinomial: the binomial quantiles, interpolated between counts as in that paper's
//     appendix, so that the limits are smooth in n;
//   - kMultiplicative: the binomial variance scaled by a dispersion factor phi, the mean square
//     of 10%/90% winsorised z-scores (Spiegelhalter 2005, "Handling over-dispersion of
//     performance indicators", Quality and Safety in Health Care 14:347-351);
//   - kAdditiveRandomEffects: a between-unit variance tau^2 added on the arcsine square-root
//     scale, estimated from the same winsorised z-scores by the DerSimonian-Laird style moment
//     formula (that paper, and Spiegelhalter et al. 2012, "Statistical methods for healthcare
//     regulation: rating, screening and surveillance", JRSS A 175:1-47), as NHS-R's FunnelPlotR
//     and the Care Quality Commission compute it.
// Newcombe's hybrid score interval is method 10 of Newcombe 1998, "Interval estimation for the
// difference between independent proportions: comparison of eleven methods", Statistics in
// Medicine 17:873-890. Quantiles are R's default, type 7 of Hyndman and Fan 1996, "Sample
// quantiles in statistical packages", The American Statistician 50:361-365.
#pragma once

#include <cstdint>
#include <vector>

#include "stats-service/src/proportion_statistics.h"

namespace foi::stats {

enum class FunnelMethod { kBinomial, kExactBinomial, kAdditiveRandomEffects, kMultiplicative };

// One unit (a force): x events out of n (n > 0, 0 <= x <= n).
struct FunnelUnit {
  int64_t x = 0;
  int64_t n = 0;
};

struct Overdispersion {
  // The dispersion estimate (mean squared winsorised z-score); 1 when not estimated.
  double phi = 1;
  // The additive between-unit variance (arcsine scale); 0 when not estimated or none.
  double tau_squared = 0;
  // The limits were widened (multiplicative: phi > 1 + 2*sqrt(2/I); additive: tau_squared > 0).
  bool applied = false;
  // I, the number of units the estimate used.
  int units = 0;
};

// Estimates the overdispersion of `units` around the rate `target` (in [0, 1]) for `method`.
// Units with n <= 0 are skipped and not counted. The binomial methods estimate nothing (phi 1,
// tau_squared 0, not applied; units is still I). The multiplicative method estimates nothing
// when target is 0 or 1, where its z-scores would divide by zero. With one unit tau_squared
// is 0: the moment formula's denominator vanishes.
Overdispersion EstimateOverdispersion(FunnelMethod method, const std::vector<FunnelUnit>& units,
                                      double target);

// The funnel limits around `target` for a unit of n > 0 reports at normal quantile z >= 0 by
// `method`, given `overdispersion` as EstimateOverdispersion returned it (the binomial methods
// ignore it), clipped to [0, 1].
Interval FunnelLimitsBy(FunnelMethod method, double target, int64_t n, double z,
                        const Overdispersion& overdispersion);

// Newcombe's hybrid score interval for p1 - p2, the difference of the independent proportions
// x1/n1 and x2/n2 (n1, n2 > 0), at normal quantile z, from the two Wilson intervals.
Interval NewcombeDifferenceInterval(int64_t x1, int64_t n1, int64_t x2, int64_t n2, double z);

// R's default (type 7) quantile of `values` at probability q in [0, 1]: the order statistics
// interpolated linearly at position (N - 1)q from the smallest. NaN when `values` is empty.
double Type7Quantile(std::vector<double> values, double q);

}  // namespace foi::stats
