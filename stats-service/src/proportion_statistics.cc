#include "stats-service/src/proportion_statistics.h"

#include <algorithm>
#include <cmath>

namespace foi::stats {
namespace {

// Inverse of the standard normal distribution function, by Acklam's rational approximation
// (relative error below 1.2e-9), polished with one Halley step on std::erfc.
double NormalQuantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  double x;
  if (p < kLow) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - kLow) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double error = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = error * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

}  // namespace

double TwoSidedNormalQuantile(double confidence) {
  return NormalQuantile(1 - (1 - confidence) / 2);
}

Interval WilsonInterval(int64_t x, int64_t n, double z) {
  const double successes = static_cast<double>(x);
  const double trials = static_cast<double>(n);
  const double z2 = z * z;
  const double centre = (successes + z2 / 2) / (trials + z2);
  const double half_width =
      z * std::sqrt(successes * (trials - successes) / trials + z2 / 4) / (trials + z2);
  return {std::max(0.0, centre - half_width), std::min(1.0, centre + half_width)};
}

Interval FunnelLimits(double p0, int64_t n, double z) {
  const double spread = z * std::sqrt(p0 * (1 - p0) / static_cast<double>(n));
  return {std::max(0.0, p0 - spread), std::min(1.0, p0 + spread)};
}

}  // namespace foi::stats
