#!/usr/bin/python3
"""Expected values for tests/unit/funnel_methods_test.cc, computed independently of the C++.

Run:  /usr/bin/python3 tests/data/funnel_reference.py
(standard library only). It prints, section by section ("[overdispersed]", "[exact
binomial]"...), the numbers funnel_methods_test.cc embeds; each table there names its section
in a "reference:" comment. Rerun it and compare to check them. The datasets below are copied in
the test: a change to one must be made in both, and the tables regenerated.

The methods, written from their definitions rather than from the C++:
  - R's default quantile (Hyndman and Fan 1996, type 7): statistics.quantiles(...,
    method="inclusive"), which is the same rule, checked below against values worked by hand.
  - Exact binomial funnel limits with Spiegelhalter's interpolation (Spiegelhalter 2005,
    "Funnel plots for comparing institutional performance", Statistics in Medicine 24:1185):
    the binomial distribution function is summed term by term over every count from 0, each
    term from the exact integer binomial coefficient (math.comb).
  - Multiplicative overdispersion and additive random effects on the arcsine square-root scale
    from 10%/90% winsorised z-scores (Spiegelhalter 2005, "Handling over-dispersion of
    performance indicators", Quality and Safety in Health Care 14:347; Spiegelhalter et al.
    2012, "Statistical methods for healthcare regulation", JRSS A 175:1).
  - Newcombe's hybrid score interval for a difference of proportions (Newcombe 1998,
    Statistics in Medicine 17:873, method 10) from Wilson intervals.
"""

import math
import statistics

Z95 = statistics.NormalDist().inv_cdf(0.975)
Z998 = statistics.NormalDist().inv_cdf(0.999)

# Twelve forces (events, reports): rates from 0.03 to 0.2, spread far wider than binomial
# sampling would spread them.
OVERDISPERSED = [
    (1, 30), (9, 85), (14, 160), (45, 240), (30, 410), (41, 620),
    (180, 950), (95, 1400), (310, 2100), (260, 3300), (1000, 5200), (540, 9000),
]
# Ten forces whose rates scatter around their pooled rate no more than binomial sampling would.
NEARLY_BINOMIAL = [
    (6, 40), (9, 95), (21, 150), (27, 260), (63, 480), (78, 700),
    (140, 1100), (218, 1900), (398, 3200), (705, 6000),
]
# Twelve forces a little more spread than binomial: enough for a between-force variance
# (I phi > I - 1) but not for the multiplicative factor (phi <= 1 + 2 sqrt(2/I)).
MODESTLY_DISPERSED = [
    (13, 60), (14, 120), (36, 200), (43, 350), (82, 500), (108, 800),
    (199, 1200), (258, 1800), (395, 2500), (571, 4000), (919, 6000), (1242, 8500),
]
LIMIT_SIZES = [30, 100, 321, 1000, 9000]
QUANTILE_VALUES = [3.5, -1.25, 0.0, 7.75, 2.0, 2.0, -4.5, 10.0, 1.125, 6.0, -0.5, 4.25, 9.5]


def pooled_rate(units):
    return sum(x for x, _ in units) / sum(n for _, n in units)


# --- R type 7 quantiles ----------------------------------------------------------------------


def type7(values, q):
    """Quantile q in [0, 1] by R's type 7, through statistics.quantiles for interior q."""
    if q == 0:
        return min(values)
    if q == 1:
        return max(values)
    percent = round(q * 100)
    assert abs(percent - q * 100) < 1e-12, "only whole percentiles are supported"
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def check_type7_by_hand():
    # Sorted 1, 2, 3, 4, 10: position (5 - 1) * q from the first. q = 0.1 -> 0.4 of the way
    # from 1 to 2 = 1.4; q = 0.9 -> 3.6: 0.6 of the way from 4 to 10 = 7.6; q = 0.5 -> 3.
    values = [4, 1, 10, 3, 2]
    assert math.isclose(type7(values, 0.1), 1.4, abs_tol=1e-12)
    assert math.isclose(type7(values, 0.9), 7.6, abs_tol=1e-12)
    assert math.isclose(type7(values, 0.5), 3.0, abs_tol=1e-12)
    # Four values: position 3 * 0.25 = 0.75 between 10 and 20 -> 17.5.
    assert math.isclose(type7([40, 10, 30, 20], 0.25), 17.5, abs_tol=1e-12)


# --- Winsorised z-scores, overdispersion -----------------------------------------------------


def winsorised_mean_square(z):
    deciles = statistics.quantiles(z, n=10, method="inclusive")
    low, high = deciles[0], deciles[-1]
    return statistics.fmean(min(max(v, low), high) ** 2 for v in z)


def multiplicative(units, target):
    z = [(x / n - target) / math.sqrt(target * (1 - target) / n) for x, n in units]
    phi = winsorised_mean_square(z)
    applied = phi > 1 + 2 * math.sqrt(2 / len(units))
    return phi, applied


def multiplicative_limits(target, n, z, phi, applied):
    factor = phi if applied else 1.0
    half = z * math.sqrt(factor * target * (1 - target) / n)
    return max(0.0, target - half), min(1.0, target + half)


def additive(units, target):
    theta = math.asin(math.sqrt(target))
    z = [(math.asin(math.sqrt(x / n)) - theta) * 2 * math.sqrt(n) for x, n in units]
    phi = winsorised_mean_square(z)
    count = len(units)
    weights = [4 * n for _, n in units]
    if count * phi < count - 1:
        tau2 = 0.0
    else:
        tau2 = (count * phi - (count - 1)) / (
            sum(weights) - sum(w * w for w in weights) / sum(weights))
    return phi, tau2


def additive_limits(target, n, z, tau2):
    theta = math.asin(math.sqrt(target))
    half = z * math.sqrt(1 / (4 * n) + tau2)

    def back(angle):
        angle = min(max(angle, 0.0), math.pi / 2)
        return math.sin(angle) ** 2

    return back(theta - half), back(theta + half)


# --- Exact binomial limits -------------------------------------------------------------------


def binomial_pmf(n, p):
    """P(X = k) for k = 0..n, each from the exact coefficient C(n, k)."""
    pmf = []
    coefficient = 1
    log_p, log_q = math.log(p), math.log1p(-p)
    for k in range(n + 1):
        pmf.append(math.exp(math.log(coefficient) + k * log_p + (n - k) * log_q))
        coefficient = coefficient * (n - k) // (k + 1)
    return pmf


def normal_cdf(x):
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def exact_limit(pmf, n, tail):
    """(r - alpha) / n for the smallest r with P(X <= r) >= tail, by bisection on fsum'd
    prefixes (P(X <= r) rises with r)."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if math.fsum(pmf[: mid + 1]) >= tail:
            hi = mid
        else:
            lo = mid + 1
    r = lo
    cdf = math.fsum(pmf[: r + 1])
    alpha = (cdf - tail) / pmf[r]
    return min(max((r - alpha) / n, 0.0), 1.0)


def exact_limits(target, n, z):
    pmf = binomial_pmf(n, target)
    return exact_limit(pmf, n, normal_cdf(-z)), exact_limit(pmf, n, normal_cdf(z))


# --- Newcombe's hybrid score interval ---------------------------------------------------------


def wilson(x, n, z):
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(x1, n1, x2, n2, z):
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt(
        (u1 - p1) ** 2 + (p2 - l2) ** 2)


# --- Output ----------------------------------------------------------------------------------


def show(value):
    return repr(float(value))


def print_limits(label, limits_of):
    print(f"  {label}: {{n, lower95, upper95, lower998, upper998}}")
    for n in LIMIT_SIZES:
        lower95, upper95 = limits_of(n, Z95)
        lower998, upper998 = limits_of(n, Z998)
        print(f"    {{{n}, {show(lower95)}, {show(upper95)}, {show(lower998)}, {show(upper998)}}},")


def print_dataset(name, units):
    target = pooled_rate(units)
    print(f"[{name}] target {show(target)}, I = {len(units)}, "
          f"1 + 2 sqrt(2/I) = {show(1 + 2 * math.sqrt(2 / len(units)))}")
    phi, applied = multiplicative(units, target)
    print(f"  multiplicative: phi {show(phi)}, applied {str(applied).lower()}")
    print_limits("multiplicative limits",
                 lambda n, z: multiplicative_limits(target, n, z, phi, applied))
    phi_a, tau2 = additive(units, target)
    print(f"  additive: phi {show(phi_a)}, tau_squared {show(tau2)}")
    print_limits("additive limits", lambda n, z: additive_limits(target, n, z, tau2))
    print_limits("unadjusted arcsine limits", lambda n, z: additive_limits(target, n, z, 0.0))


def main():
    check_type7_by_hand()
    print(f"z95 {show(Z95)}, z998 {show(Z998)}")

    print("[Type7Quantile] values", QUANTILE_VALUES)
    for q in (0.0, 0.01, 0.1, 0.25, 0.37, 0.5, 0.9, 0.99, 1.0):
        print(f"  {{{q}, {show(type7(QUANTILE_VALUES, q))}}},")

    print_dataset("overdispersed", OVERDISPERSED)
    print_dataset("nearly binomial", NEARLY_BINOMIAL)
    print_dataset("modestly dispersed", MODESTLY_DISPERSED)

    print("[exact binomial] {target, n, lower95, upper95, lower998, upper998}")
    for target, sizes in ((pooled_rate(OVERDISPERSED), (1, 5, 30, 85, 321, 1400, 9000, 20000)),
                          (0.80642448, (2, 10, 50, 321)), (0.5, (7,)), (0.001, (40, 3000))):
        for n in sizes:
            lower95, upper95 = exact_limits(target, n, Z95)
            lower998, upper998 = exact_limits(target, n, Z998)
            print(f"  {{{show(target)}, {n}, {show(lower95)}, {show(upper95)}, "
                  f"{show(lower998)}, {show(upper998)}}},")

    print("[Newcombe] {x1, n1, x2, n2, lower95, upper95}")
    for x1, n1, x2, n2 in ((56, 70, 48, 80), (9, 10, 3, 10), (5, 56, 0, 29), (0, 10, 0, 20),
                           (10, 10, 0, 20), (177, 220, 837, 1176), (1, 30, 540, 9000),
                           (0, 25, 25, 25)):
        lower, upper = newcombe(x1, n1, x2, n2, Z95)
        print(f"  {{{x1}, {n1}, {x2}, {n2}, {show(lower)}, {show(upper)}}},")


if __name__ == "__main__":
    main()
