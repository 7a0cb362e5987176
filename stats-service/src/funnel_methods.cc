// File: stats-service/src/funnel_methods.cc
//
// The funnel-limit methods of funnel_methods.h (Spiegelhalter 2005 and 2012; Newcombe 1998;
// Hyndman and Fan 1996; the header gives the full references). The exact binomial limits walk
// the distribution outwards from its mode, so a call costs O(sqrt(n)) rather than O(n).
#include "stats-service/src/funnel_methods.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <numbers>

namespace foi::stats {
namespace {

// Φ(x). erfc keeps the relative precision of the far lower tail, which 1 + erf would lose.
double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

Interval ClipToUnit(double lower, double upper) {
  return {std::clamp(lower, 0.0, 1.0), std::clamp(upper, 0.0, 1.0)};
}

std::vector<FunnelUnit> CountedUnits(const std::vector<FunnelUnit>& units) {
  std::vector<FunnelUnit> counted;
  std::copy_if(units.begin(), units.end(), std::back_inserter(counted),
               [](const FunnelUnit& unit) { return unit.n > 0; });
  return counted;
}

// The mean square of z-scores winsorised at their 10th and 90th percentiles: every unit counts,
// but the most extreme tenth at either end counts only as far as the percentile, so that a few
// outlying forces do not make the limits wide enough to hide themselves.
double WinsorisedMeanSquare(const std::vector<double>& z_scores) {
  const double low = Type7Quantile(z_scores, 0.1);
  const double high = Type7Quantile(z_scores, 0.9);
  double sum = 0;
  for (double z : z_scores) {
    const double clamped = std::clamp(z, low, high);
    sum += clamped * clamped;
  }
  return sum / static_cast<double>(z_scores.size());
}

// --- Exact binomial ---------------------------------------------------------------------------

// A count's probability below this is left out. Beyond the last count kept the probabilities
// fall at least geometrically, so the whole tail left out stays far below double rounding of
// the distribution function even when n is in the billions.
constexpr double kNegligibleProbability = 1e-30;

// The probabilities of the counts first, first + 1, ... of Binomial(n, p), 0 < p < 1: every
// count whose probability is not negligible, normalised to sum to 1.
struct BinomialMass {
  int64_t first = 0;
  std::vector<double> probabilities;
};

// log P(X = k) by std::lgamma. At large n its terms are ~n log n, so the sum carries an
// absolute error of ~1e-16 n log n (1e-9 at n = 1e6), a relative error in the probability; the
// caller normalises the mass, which removes it.
double LogBinomialProbability(int64_t n, double p, int64_t k) {
  const double trials = static_cast<double>(n);
  const double count = static_cast<double>(k);
  return std::lgamma(trials + 1) - std::lgamma(count + 1) - std::lgamma(trials - count + 1) +
         count * std::log(p) + (trials - count) * std::log1p(-p);
}

// Walks from the mode, where the probability is largest (at least 1/(n + 1), so it never
// underflows), outwards by the ratio of neighbouring probabilities, until they are negligible.
BinomialMass NonNegligibleMass(int64_t n, double p) {
  const double trials = static_cast<double>(n);
  const int64_t mode = std::min(n, static_cast<int64_t>(std::floor((trials + 1) * p)));
  const double odds = p / (1 - p);
  const double mode_probability = std::exp(LogBinomialProbability(n, p, mode));

  std::vector<double> below;  // P(mode - 1), P(mode - 2), ...
  double probability = mode_probability;
  for (int64_t k = mode; k > 0; --k) {
    // P(k - 1) / P(k) = k (1 - p) / ((n - k + 1) p).
    probability *= static_cast<double>(k) / ((trials - static_cast<double>(k) + 1) * odds);
    if (probability < kNegligibleProbability) break;
    below.push_back(probability);
  }
  BinomialMass mass;
  mass.first = mode - static_cast<int64_t>(below.size());
  mass.probabilities.assign(below.rbegin(), below.rend());
  mass.probabilities.push_back(mode_probability);
  probability = mode_probability;
  for (int64_t k = mode; k < n; ++k) {
    // P(k + 1) / P(k) = (n - k) p / ((k + 1) (1 - p)).
    probability *= (trials - static_cast<double>(k)) * odds / static_cast<double>(k + 1);
    if (probability < kNegligibleProbability) break;
    mass.probabilities.push_back(probability);
  }
  double total = 0;
  for (double each : mass.probabilities) total += each;
  for (double& each : mass.probabilities) each /= total;
  return mass;
}

// Spiegelhalter's interpolated quantile of the count, as a rate: with p = Φ(z) and r the
// smallest count whose distribution function F(r) reaches p, (r - (F(r) - p) / P(r)) / n. A
// lower quantile sums the lower tail; an upper one works with P(X > r) against 1 - p = Φ(-z)
// instead, so that neither subtracts two numbers close to 1.
double InterpolatedQuantile(const BinomialMass& mass, int64_t n, double z) {
  const std::vector<double>& probabilities = mass.probabilities;
  const double p = NormalCdf(z);
  double r = 0;
  double alpha = 0;
  if (p <= 0.5) {
    double cdf = 0;  // F(r)
    size_t i = 0;
    for (; i + 1 < probabilities.size(); ++i) {
      if (cdf + probabilities[i] >= p) break;
      cdf += probabilities[i];
    }
    cdf += probabilities[i];
    r = static_cast<double>(mass.first + static_cast<int64_t>(i));
    alpha = (cdf - p) / probabilities[i];
  } else {
    const double q = NormalCdf(-z);
    double upper_tail = 0;  // P(X > r): F(r) >= p exactly when P(X > r) <= q.
    size_t i = probabilities.size() - 1;
    for (; i > 0; --i) {
      if (upper_tail + probabilities[i] > q) break;
      upper_tail += probabilities[i];
    }
    r = static_cast<double>(mass.first + static_cast<int64_t>(i));
    alpha = (q - upper_tail) / probabilities[i];  // (F(r) - p) / P(r)
  }
  return (r - alpha) / static_cast<double>(n);
}

Interval ExactBinomialLimits(double target, int64_t n, double z) {
  // All the mass on one count. At target 1 the interpolation would put the limits in
  // (1 - 1/n, 1), just below the only possible rate, so both ends are given directly.
  if (target <= 0) return {0, 0};
  if (target >= 1) return {1, 1};
  const BinomialMass mass = NonNegligibleMass(n, target);
  return ClipToUnit(InterpolatedQuantile(mass, n, -z), InterpolatedQuantile(mass, n, z));
}

// --- Additive random effects on the arcsine square-root scale ---------------------------------

// The angle asin(sqrt(rate)), whose sampling variance 1/(4n) does not depend on the rate.
double ArcsineAngle(double rate) { return std::asin(std::sqrt(rate)); }

// Back to a rate. An angle beyond [0, pi/2] would fold back into the range when squared, so a
// limit past 0 or 1 is held at 0 or 1 instead.
double RateOfAngle(double angle) {
  const double sine = std::sin(std::clamp(angle, 0.0, std::numbers::pi / 2));
  return sine * sine;
}

Overdispersion EstimateAdditive(const std::vector<FunnelUnit>& units, double target) {
  const double theta = ArcsineAngle(target);
  std::vector<double> z_scores;
  double sum_weights = 0;
  double sum_squared_weights = 0;
  for (const FunnelUnit& unit : units) {
    const double reports = static_cast<double>(unit.n);
    const double rate = static_cast<double>(unit.x) / reports;
    z_scores.push_back((ArcsineAngle(rate) - theta) * 2 * std::sqrt(reports));
    const double weight = 4 * reports;  // 1 / the angle's variance; not winsorised
    sum_weights += weight;
    sum_squared_weights += weight * weight;
  }
  Overdispersion result;
  result.units = static_cast<int>(units.size());
  result.phi = WinsorisedMeanSquare(z_scores);
  // The moment estimate: the excess of I phi over its binomial expectation I - 1, over the
  // weights' spread. Truncated at 0; with one unit there is no spread to estimate it from.
  const double count = static_cast<double>(units.size());
  const double excess = count * result.phi - (count - 1);
  const double spread = sum_weights - sum_squared_weights / sum_weights;
  result.tau_squared = excess > 0 && spread > 0 ? excess / spread : 0;
  result.applied = result.tau_squared > 0;
  return result;
}

Interval AdditiveLimits(double target, int64_t n, double z, double tau_squared) {
  const double theta = ArcsineAngle(target);
  const double half_width = z * std::sqrt(1 / (4 * static_cast<double>(n)) + tau_squared);
  return ClipToUnit(RateOfAngle(theta - half_width), RateOfAngle(theta + half_width));
}

// --- Multiplicative overdispersion -------------------------------------------------------------

Overdispersion EstimateMultiplicative(const std::vector<FunnelUnit>& units, double target) {
  Overdispersion result;
  result.units = static_cast<int>(units.size());
  if (target <= 0 || target >= 1) return result;  // the z-scores' variance would be 0
  std::vector<double> z_scores;
  for (const FunnelUnit& unit : units) {
    const double reports = static_cast<double>(unit.n);
    const double rate = static_cast<double>(unit.x) / reports;
    z_scores.push_back((rate - target) / std::sqrt(target * (1 - target) / reports));
  }
  result.phi = WinsorisedMeanSquare(z_scores);
  // phi of binomial data scatters around 1 with standard deviation about sqrt(2/I): only a
  // value two of those above 1 is taken as overdispersion rather than chance.
  result.applied = result.phi > 1 + 2 * std::sqrt(2 / static_cast<double>(units.size()));
  return result;
}

Interval MultiplicativeLimits(double target, int64_t n, double z, const Overdispersion& estimate) {
  if (!estimate.applied) return FunnelLimits(target, n, z);
  const double spread =
      z * std::sqrt(estimate.phi * target * (1 - target) / static_cast<double>(n));
  return ClipToUnit(target - spread, target + spread);
}

}  // namespace

Overdispersion EstimateOverdispersion(FunnelMethod method, const std::vector<FunnelUnit>& units,
                                      double target) {
  const std::vector<FunnelUnit> counted = CountedUnits(units);
  if (counted.empty()) return {};
  switch (method) {
    case FunnelMethod::kAdditiveRandomEffects:
      return EstimateAdditive(counted, target);
    case FunnelMethod::kMultiplicative:
      return EstimateMultiplicative(counted, target);
    case FunnelMethod::kBinomial:
    case FunnelMethod::kExactBinomial:
      break;
  }
  Overdispersion not_estimated;
  not_estimated.units = static_cast<int>(counted.size());
  return not_estimated;
}

Interval FunnelLimitsBy(FunnelMethod method, double target, int64_t n, double z,
                        const Overdispersion& overdispersion) {
  switch (method) {
    case FunnelMethod::kExactBinomial:
      return ExactBinomialLimits(target, n, z);
    case FunnelMethod::kAdditiveRandomEffects:
      return AdditiveLimits(target, n, z, overdispersion.tau_squared);
    case FunnelMethod::kMultiplicative:
      return MultiplicativeLimits(target, n, z, overdispersion);
    case FunnelMethod::kBinomial:
      break;
  }
  return FunnelLimits(target, n, z);
}

Interval NewcombeDifferenceInterval(int64_t x1, int64_t n1, int64_t x2, int64_t n2, double z) {
  const double p1 = static_cast<double>(x1) / static_cast<double>(n1);
  const double p2 = static_cast<double>(x2) / static_cast<double>(n2);
  const Interval w1 = WilsonInterval(x1, n1, z);
  const Interval w2 = WilsonInterval(x2, n2, z);
  const double d = p1 - p2;
  // Each end combines the two proportions' distances to the Wilson limits on the side that
  // moves the difference that way. The result lies in [-1, 1] in exact arithmetic; the clamp
  // only absorbs rounding.
  const double lower =
      d - std::sqrt((p1 - w1.lower) * (p1 - w1.lower) + (w2.upper - p2) * (w2.upper - p2));
  const double upper =
      d + std::sqrt((w1.upper - p1) * (w1.upper - p1) + (p2 - w2.lower) * (p2 - w2.lower));
  return {std::max(-1.0, lower), std::min(1.0, upper)};
}

double Type7Quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double position = static_cast<double>(values.size() - 1) * std::clamp(q, 0.0, 1.0);
  const size_t below = static_cast<size_t>(std::floor(position));
  const double fraction = position - static_cast<double>(below);
  // As R computes it: no interpolation on a whole position or between equal values, so that
  // (1 - h) a + h a cannot round away from a.
  if (fraction == 0 || values[below + 1] == values[below]) return values[below];
  return (1 - fraction) * values[below] + fraction * values[below + 1];
}

}  // namespace foi::stats
