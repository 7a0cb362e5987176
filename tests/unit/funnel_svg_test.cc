// File: tests/unit/funnel_svg_test.cc
//
// The funnel plot foictl draws, from comparisons built by hand: a well-formed SVG document with
// round ticks on both axes, the limits of the comparison's method passing through every row's
// own limits, a point and a <title> per force under its catalogue name, an inexact force as a
// bar, escaped names, labels that do not overlap, a legend below the plot and a caption naming
// the method and its overdispersion estimate. Then every plot is rendered by rsvg-convert (the
// path CMake found, FOI_RSVG_CONVERT): a document it cannot read fails the test.
#include "cli/funnel_svg.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <numbers>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "cli/comparison_text.h"
#include "cli/plot_layout.h"
#include "google/protobuf/util/time_util.h"
#include "stats-service/src/funnel_methods.h"

namespace foi::cli {
namespace {

using foi::v1::CompareForcesResponse;
using foi::v1::ForceComparison;

// --- Building comparisons ---------------------------------------------------------------------

struct Force {
  std::string id;
  int64_t reports;
  int64_t count_min;
  int64_t count_max;
};

// Limits by the closed forms, computed here independently of the code under test; the exact
// binomial limits, which have none, by the stats service's own function.
stats::Interval LimitsOf(foi::v1::FunnelMethod method, double target, int64_t n, double z,
                         const foi::v1::Overdispersion& estimate) {
  const double reports = static_cast<double>(n);
  auto clip = [](double lower, double upper) {
    return stats::Interval{std::max(0.0, lower), std::min(1.0, upper)};
  };
  switch (method) {
    case foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS: {
      const double theta = std::asin(std::sqrt(target));
      const double half = z * std::sqrt(1 / (4 * reports) + estimate.tau_squared());
      auto rate = [](double angle) {
        const double sine = std::sin(std::clamp(angle, 0.0, std::numbers::pi / 2));
        return sine * sine;
      };
      return clip(rate(theta - half), rate(theta + half));
    }
    case foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL:
      return stats::FunnelLimitsBy(stats::FunnelMethod::kExactBinomial, target, n, z, {});
    default: {
      const double phi = method == foi::v1::FUNNEL_METHOD_MULTIPLICATIVE && estimate.applied()
                             ? estimate.phi()
                             : 1.0;
      const double spread = z * std::sqrt(phi * target * (1 - target) / reports);
      return clip(target - spread, target + spread);
    }
  }
}

foi::v1::FunnelPosition PositionOf(double lowest, double highest, const stats::Interval& l95,
                                   const stats::Interval& l998) {
  if (lowest > l998.upper) return foi::v1::FUNNEL_POSITION_ABOVE_998;
  if (lowest > l95.upper) return foi::v1::FUNNEL_POSITION_ABOVE_95;
  if (highest < l998.lower) return foi::v1::FUNNEL_POSITION_BELOW_998;
  if (highest < l95.lower) return foi::v1::FUNNEL_POSITION_BELOW_95;
  if (lowest >= l95.lower && highest <= l95.upper) return foi::v1::FUNNEL_POSITION_WITHIN;
  return foi::v1::FUNNEL_POSITION_UNDETERMINED;
}

// A comparison as the stats service would answer it: rows with limits and positions by
// `method`, the national row pooling the exact ones, and `estimate` as the overdispersion.
CompareForcesResponse ComparisonOf(const std::vector<Force>& forces, foi::v1::FunnelMethod method,
                                   const foi::v1::Overdispersion& estimate) {
  CompareForcesResponse comparison;
  int64_t reports = 0, count = 0, all_reports = 0, all_min = 0, all_max = 0;
  for (const Force& force : forces) {
    all_reports += force.reports;
    all_min += force.count_min;
    all_max += force.count_max;
    if (force.count_min == force.count_max) {
      reports += force.reports;
      count += force.count_min;
    }
  }
  const double target = reports > 0 ? static_cast<double>(count) / reports : 0;
  for (const Force& force : forces) {
    ForceComparison& row = *comparison.add_rows();
    row.set_force_id(force.id);
    row.set_reports(force.reports);
    row.set_count_min(force.count_min);
    row.set_count_max(force.count_max);
    row.set_exact(force.count_min == force.count_max);
    if (force.reports == 0) continue;
    row.set_rate_min(static_cast<double>(force.count_min) / force.reports);
    row.set_rate_max(static_cast<double>(force.count_max) / force.reports);
    if (row.exact()) {
      row.set_count(force.count_min);
      row.set_rate(row.rate_min());
    }
    row.set_ci_lower(stats::WilsonInterval(force.count_min, force.reports, 1.96).lower);
    row.set_ci_upper(stats::WilsonInterval(force.count_max, force.reports, 1.96).upper);
    if (reports == 0) continue;
    const auto l95 = LimitsOf(method, target, force.reports, stats::kFunnelZ95, estimate);
    const auto l998 = LimitsOf(method, target, force.reports, stats::kFunnelZ998, estimate);
    row.set_funnel_lower_95(l95.lower);
    row.set_funnel_upper_95(l95.upper);
    row.set_funnel_lower_998(l998.lower);
    row.set_funnel_upper_998(l998.upper);
    row.set_funnel_position(PositionOf(row.rate_min(), row.rate_max(), l95, l998));
  }
  ForceComparison& national = *comparison.mutable_national();
  national.set_reports(reports);
  national.set_count_min(all_min);
  national.set_count_max(all_max);
  if (all_reports > 0) {
    national.set_rate_min(static_cast<double>(all_min) / all_reports);
    national.set_rate_max(static_cast<double>(all_max) / all_reports);
  }
  if (reports > 0) {
    national.set_count(count);
    national.set_rate(target);
    national.set_exact(true);
  }
  comparison.set_data_version(27524728);
  EXPECT_TRUE(google::protobuf::util::TimeUtil::FromString("2026-11-29T19:43:50.786Z",
                                                           comparison.mutable_as_of()));
  comparison.set_confidence(0.95);
  comparison.set_funnel_method(method);
  *comparison.mutable_overdispersion() = estimate;
  auto* excluded = comparison.add_excluded();
  excluded->set_force_id("dyfed-powys");
  excluded->set_reason(foi::v1::EXCLUSION_REASON_NO_RETURN);
  return comparison;
}

foi::v1::Overdispersion Estimate(double phi, double tau_squared, bool applied, int forces) {
  foi::v1::Overdispersion estimate;
  estimate.set_phi(phi);
  estimate.set_tau_squared(tau_squared);
  estimate.set_applied(applied);
  estimate.set_forces_used(forces);
  return estimate;
}

// Eight forces around 70%: Sussex far above, Thames Valley below, the Met's figures leaving its
// rate anywhere from 57% to 86%, across the upper limits.
const std::vector<Force> kForces = {
    {"cumbria", 61, 40, 40},          {"greater-manchester", 402, 273, 273},
    {"lancashire", 220, 177, 177},    {"merseyside", 188, 124, 124},
    {"metropolitan", 648, 371, 560},  {"sussex", 139, 122, 122},
    {"thames-valley", 334, 171, 171}, {"west-yorkshire", 305, 223, 223}};

const std::map<std::string, std::string> kNames = {
    {"cumbria", "Cumbria Constabulary"},
    {"greater-manchester", "Greater Manchester Police"},
    {"lancashire", "Lancashire Constabulary"},
    {"merseyside", "Merseyside Police"},
    {"metropolitan", "Metropolitan Police Service"},
    {"sussex", "Sussex Police"},
    {"thames-valley", "Thames Valley Police"},
    {"west-yorkshire", "West Yorkshire Police"}};

FunnelSvgOptions Options() {
  return {.title =
              "Disclosing private sexual images: reports closed with no further action, by "
              "force, 2015-04-01 to 2017-04-30",
          .rate_axis_title = "Reports closed with no further action",
          .force_names = kNames};
}

CompareForcesResponse Additive() {
  return ComparisonOf(kForces, foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS,
                      Estimate(3.79, 0.004, true, 7));
}

// --- Reading the SVG back ---------------------------------------------------------------------

// Whether `xml` is a well-formed XML document, as far as FunnelSvg's output needs: a prolog,
// comments, one root element, nested elements with matching end tags, attributes quoted and
// not repeated, character data and attribute values whose '&' starts a predefined or numeric
// entity and with no raw '<'. Sets `error` to what is wrong, and where.
bool IsWellFormedXml(const std::string& xml, std::string& error) {
  std::vector<std::string> open;
  bool root_seen = false;
  size_t i = 0;
  auto fail = [&](const std::string& what) {
    error = what + " at offset " + std::to_string(i);
    return false;
  };
  auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' ||
           c == '.';
  };
  auto entity_ok = [&](size_t at) {
    static const std::regex kEntity("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
    return std::regex_search(xml.substr(at, 12), kEntity);
  };
  auto read_name = [&] {
    const size_t start = i;
    while (i < xml.size() && is_name(xml[i])) ++i;
    return xml.substr(start, i - start);
  };
  auto skip_space = [&] {
    while (i < xml.size() && std::isspace(static_cast<unsigned char>(xml[i]))) ++i;
  };
  while (i < xml.size()) {
    if (xml.compare(i, 5, "<?xml") == 0) {
      if (i != 0) return fail("XML declaration not first");
      const size_t end = xml.find("?>", i);
      if (end == std::string::npos) return fail("unterminated declaration");
      i = end + 2;
    } else if (xml.compare(i, 4, "<!--") == 0) {
      const size_t end = xml.find("-->", i + 4);
      if (end == std::string::npos) return fail("unterminated comment");
      i = end + 3;
    } else if (xml.compare(i, 2, "</") == 0) {
      i += 2;
      const std::string name = read_name();
      skip_space();
      if (i >= xml.size() || xml[i] != '>') return fail("bad end tag");
      if (open.empty() || open.back() != name) return fail("end tag </" + name + "> unmatched");
      open.pop_back();
      ++i;
    } else if (xml[i] == '<') {
      ++i;
      if (open.empty() && root_seen) return fail("second root element");
      const std::string name = read_name();
      if (name.empty()) return fail("bad start tag");
      root_seen = true;
      std::set<std::string> attributes;
      while (true) {
        skip_space();
        if (i >= xml.size()) return fail("unterminated start tag");
        if (xml.compare(i, 2, "/>") == 0) {
          i += 2;
          break;
        }
        if (xml[i] == '>') {
          open.push_back(name);
          ++i;
          break;
        }
        const std::string attribute = read_name();
        if (attribute.empty()) return fail("bad attribute in <" + name + ">");
        if (!attributes.insert(attribute).second) return fail("repeated " + attribute);
        skip_space();
        if (i >= xml.size() || xml[i] != '=') return fail("attribute without '='");
        ++i;
        skip_space();
        if (i >= xml.size() || (xml[i] != '"' && xml[i] != '\'')) return fail("unquoted value");
        const char quote = xml[i++];
        for (; i < xml.size() && xml[i] != quote; ++i) {
          if (xml[i] == '<') return fail("'<' in an attribute value");
          if (xml[i] == '&' && !entity_ok(i)) return fail("bare '&' in an attribute value");
        }
        if (i >= xml.size()) return fail("unterminated attribute value");
        ++i;
      }
    } else {
      if (xml[i] == '&' && !entity_ok(i)) return fail("bare '&'");
      if (open.empty() && !std::isspace(static_cast<unsigned char>(xml[i]))) {
        return fail("text outside the root element");
      }
      ++i;
    }
  }
  if (!open.empty()) return fail("<" + open.back() + "> not closed");
  if (!root_seen) return fail("no root element");
  return true;
}

// Every match of `pattern`'s first group in `text`.
std::vector<std::string> All(const std::string& text, const std::string& pattern) {
  std::vector<std::string> found;
  const std::regex expression(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), expression);
       it != std::sregex_iterator(); ++it) {
    found.push_back((*it)[1].str());
  }
  return found;
}

double Attribute(const std::string& element, const std::string& name) {
  const std::vector<std::string> values = All(element, " " + name + "=\"([-0-9.]+)\"");
  return values.empty() ? NAN : std::stod(values.front());
}

std::string Unescape(std::string text) {
  for (const auto& [entity, character] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}) {
    for (size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at)) {
      text.replace(at, entity.size(), character);
      at += character.size();
    }
  }
  return text;
}

// The plot's scales, read back from its ticks: rate -> y from the gridlines' labels, reports
// -> x from the x ticks' labels.
struct ReadScales {
  double x0, x_per_report, y0, y_per_rate;
  double X(double n) const { return x0 + x_per_report * n; }
  double Y(double rate) const { return y0 + y_per_rate * rate; }
};

ReadScales ScalesOf(const std::string& svg) {
  const auto x_ticks = All(svg, "(<text class=\"tick-x\"[^>]*>[^<]*)</text>");
  const auto y_ticks = All(svg, "(<text class=\"tick-y\"[^>]*>[^<]*)</text>");
  EXPECT_GE(x_ticks.size(), 2u);
  EXPECT_GE(y_ticks.size(), 2u);
  auto value = [](const std::string& element) {
    std::string text = element.substr(element.find('>') + 1);
    text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == ','; }),
               text.end());
    return std::stod(text);
  };
  const std::string& x_first = x_ticks.front();
  const std::string& x_last = x_ticks.back();
  const std::string& y_first = y_ticks.front();
  const std::string& y_last = y_ticks.back();
  ReadScales scales;
  scales.x_per_report =
      (Attribute(x_last, "x") - Attribute(x_first, "x")) / (value(x_last) - value(x_first));
  scales.x0 = Attribute(x_first, "x") - scales.x_per_report * value(x_first);
  // A y tick's text sits 4 px below its gridline; its value is a percentage.
  scales.y_per_rate =
      (Attribute(y_last, "y") - Attribute(y_first, "y")) / ((value(y_last) - value(y_first)) / 100);
  scales.y0 = Attribute(y_first, "y") - 4 - scales.y_per_rate * value(y_first) / 100;
  return scales;
}

// --- The document -----------------------------------------------------------------------------

TEST(WellFormedXmlCheck, RejectsWhatIsNotXml) {
  std::string error;
  EXPECT_TRUE(IsWellFormedXml("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>&amp;&#38;</a>\n", error))
      << error;
  for (const std::string broken :
       {"<a><b></a></b>", "<a>", "<a x=\"1\" x=\"2\"/>", "<a>&</a>", "<a x=\"<\"/>", "<a/><b/>",
        "<a x=1/>", "text<a/>", "<a>Bed & Breakfast</a>"}) {
    EXPECT_FALSE(IsWellFormedXml(broken, error)) << broken;
  }
}

TEST(FunnelSvg, IsWellFormedXmlForEveryMethod) {
  for (const auto method :
       {foi::v1::FUNNEL_METHOD_BINOMIAL, foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL,
        foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS, foi::v1::FUNNEL_METHOD_MULTIPLICATIVE}) {
    const std::string svg =
        FunnelSvg(ComparisonOf(kForces, method, Estimate(2.5, 0.01, true, 7)), Options());
    std::string error;
    EXPECT_TRUE(IsWellFormedXml(svg, error)) << error;
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  }
}

TEST(FunnelSvg, HasRoundTicksAndTitlesOnBothAxes) {
  const std::string svg = FunnelSvg(Additive(), Options());
  auto values = [&](const std::string& axis) {
    std::vector<double> found;
    for (std::string text : All(svg, "<text class=\"tick-" + axis + "\"[^>]*>([^<]*)</text>")) {
      text.erase(std::remove(text.begin(), text.end(), ','), text.end());
      if (!text.empty() && text.back() == '%') text.pop_back();
      found.push_back(std::stod(text));
    }
    return found;
  };
  for (const std::string axis : {"x", "y"}) {
    const std::vector<double> ticks = values(axis);
    ASSERT_GE(ticks.size(), 4u) << axis;
    ASSERT_LE(ticks.size(), 12u) << axis;
    const double step = ticks[1] - ticks[0];
    // 1, 2 or 5 times a power of ten, and every tick a whole number of steps.
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
    EXPECT_TRUE(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
                std::abs(mantissa - 5) < 1e-9)
        << axis << " step " << step;
    for (size_t i = 1; i < ticks.size(); ++i) {
      EXPECT_NEAR(ticks[i] - ticks[i - 1], step, 1e-9) << axis;
      EXPECT_NEAR(std::remainder(ticks[i], step), 0, 1e-9) << axis;
    }
  }
  EXPECT_EQ(values("x").front(), 0);                  // reports from 0...
  EXPECT_GE(values("x").back(), 648);                 // ...past the largest force
  EXPECT_LE(values("y").front(), 100 * 171.0 / 334);  // rates over every force
  EXPECT_GE(values("y").back(), 100 * 122.0 / 139);
  EXPECT_NE(svg.find("%</text>"), std::string::npos);  // rates as percentages
  EXPECT_EQ(All(svg, "<text class=\"axis-title\"[^>]*>([^<]*)</text>"),
            (std::vector<std::string>{"Reports recorded by the force",
                                      "Reports closed with no further action"}));
}

TEST(FunnelSvg, TitlesTheComparisonInWords) {
  const std::string svg = FunnelSvg(Additive(), Options());
  const auto lines = All(svg, "<text class=\"title\"[^>]*>([^<]*)</text>");
  std::string title;
  for (const std::string& line : lines) title += (title.empty() ? "" : " ") + line;
  EXPECT_EQ(title, Options().title);
  EXPECT_NE(svg.find("<title>Disclosing private sexual images: reports closed"), std::string::npos);
}

TEST(FunnelSvg, GivesEveryForceATitleWithItsNameFiguresIntervalAndPosition) {
  const std::string svg = FunnelSvg(Additive(), Options());
  const auto titles = All(svg, "<g class=\"force[^\"]*\"><title>([^<]*)</title>");
  ASSERT_EQ(titles.size(), kForces.size());
  for (const auto& [id, name] : kNames) {
    const auto with_name = std::count_if(titles.begin(), titles.end(), [&](const std::string& t) {
      return t.rfind(name + ": ", 0) == 0;
    });
    EXPECT_EQ(with_name, 1) << name;
  }
  EXPECT_NE(std::find(titles.begin(), titles.end(),
                      "Sussex Police: 87.8% (122 of 139 reports); 95% CI 81.3% to 92.2%; above "
                      "the 99.8% limit"),
            titles.end())
      << testing::PrintToString(titles);
  EXPECT_NE(std::find(titles.begin(), titles.end(),
                      "Metropolitan Police Service: 57.3% to 86.4% (371 to 560 of 648 reports: "
                      "the figures leave the count open); 95% CI 53.4% to 88.8%; undetermined: "
                      "its possible rates cross a 95% limit"),
            titles.end())
      << testing::PrintToString(titles);
  // No force is shown by its id when the catalogue names it.
  EXPECT_EQ(svg.find(">thames-valley<"), std::string::npos);
}

TEST(FunnelSvg, ShowsAForceByItsIdWhenTheCatalogueDoesNotNameIt) {
  FunnelSvgOptions options = Options();
  options.force_names.erase("cumbria");
  const std::string svg = FunnelSvg(Additive(), options);
  EXPECT_NE(svg.find("<title>cumbria: 65.6% (40 of 61 reports)"), std::string::npos);
}

TEST(FunnelSvg, DrawsAnInexactForceAsABarFromItsLowestToItsHighestRate) {
  const std::string svg = FunnelSvg(Additive(), Options());
  const ReadScales scales = ScalesOf(svg);
  const auto bars = All(svg, "(<g class=\"force inexact\">.*?</g>)");
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_NE(bars[0].find("<title>Metropolitan Police Service:"), std::string::npos);
  EXPECT_EQ(bars[0].find("<circle"), std::string::npos);
  const auto path = All(bars[0], "d=\"M([-0-9.,V]+)M");
  ASSERT_EQ(path.size(), 1u);
  double x = 0, top = 0, bottom = 0;
  ASSERT_EQ(std::sscanf(path[0].c_str(), "%lf,%lfV%lf", &x, &top, &bottom), 3) << path[0];
  EXPECT_NEAR(x, scales.X(648), 0.1);
  EXPECT_NEAR(top, scales.Y(560.0 / 648), 0.2);
  EXPECT_NEAR(bottom, scales.Y(371.0 / 648), 0.2);
  // The exact forces are points.
  EXPECT_EQ(All(svg, "<g class=\"force\"><title>[^<]*</title>(<circle)").size(),
            kForces.size() - 1);
  // And the legend says what the bar is.
  EXPECT_NE(svg.find("Figures leave the count open"), std::string::npos);
}

TEST(FunnelSvg, EscapesNamesAndTitle) {
  FunnelSvgOptions options = Options();
  options.title = "Harassment <s.2> & stalking: \"charged\"";
  options.force_names["sussex"] = "Sussex & <Brighton> \"Police\"";
  const std::string svg = FunnelSvg(Additive(), options);
  std::string error;
  EXPECT_TRUE(IsWellFormedXml(svg, error)) << error;
  EXPECT_NE(svg.find("Sussex &amp; &lt;Brighton&gt; &quot;Police&quot;"), std::string::npos);
  EXPECT_NE(svg.find("Harassment &lt;s.2&gt; &amp; stalking"), std::string::npos);
  EXPECT_EQ(svg.find("<Brighton>"), std::string::npos);
  EXPECT_EQ(svg.find("& <"), std::string::npos);
}

TEST(FunnelSvg, CaptionNamesTheMethodAndItsOverdispersion) {
  auto caption = [](const CompareForcesResponse& comparison) {
    std::string text;
    for (const std::string& line :
         All(FunnelSvg(comparison, Options()), "<text class=\"caption\"[^>]*>([^<]*)</text>")) {
      text += Unescape(line) + " ";
    }
    return text;
  };
  const std::string additive = caption(Additive());
  EXPECT_NE(additive.find("Funnel limits: additive random effects, 95% and 99.8%"),
            std::string::npos)
      << additive;
  EXPECT_NE(additive.find("φ = 3.79, τ² = 0.004: applied (estimated from 7 forces)"),
            std::string::npos)
      << additive;
  EXPECT_NE(additive.find("Data version 27524728, as of 2026-11-29T19:43:50.786Z."),
            std::string::npos)
      << additive;
  EXPECT_NE(additive.find("1 with no return in the window"), std::string::npos) << additive;

  const std::string multiplicative = caption(
      ComparisonOf(kForces, foi::v1::FUNNEL_METHOD_MULTIPLICATIVE, Estimate(1.4, 0, false, 7)));
  EXPECT_NE(multiplicative.find("multiplicative overdispersion"), std::string::npos);
  EXPECT_NE(multiplicative.find("φ = 1.4, τ² = 0: not applied"), std::string::npos)
      << multiplicative;

  const std::string binomial =
      caption(ComparisonOf(kForces, foi::v1::FUNNEL_METHOD_BINOMIAL, Estimate(1, 0, false, 7)));
  EXPECT_NE(binomial.find("binomial (normal approximation)"), std::string::npos);
  EXPECT_NE(binomial.find("φ = 1, τ² = 0: not applied"), std::string::npos) << binomial;
}

// Every method's curves pass through the limits of every row, at its reports: the closed forms
// for the binomial, multiplicative and additive methods computed here, the exact binomial's
// from the stats service's function.
TEST(FunnelSvg, DrawsTheLimitsOfTheMethodThroughEveryRowsLimits) {
  for (const auto& [method, estimate] :
       {std::pair{foi::v1::FUNNEL_METHOD_BINOMIAL, Estimate(1, 0, false, 7)},
        std::pair{foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL, Estimate(1, 0, false, 7)},
        std::pair{foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS, Estimate(3.79, 0.004, true, 7)},
        std::pair{foi::v1::FUNNEL_METHOD_MULTIPLICATIVE, Estimate(2.6, 0, true, 7)}}) {
    const CompareForcesResponse comparison = ComparisonOf(kForces, method, estimate);
    const std::string svg = FunnelSvg(comparison, Options());
    const ReadScales scales = ScalesOf(svg);
    for (const auto& [name, lower_of, upper_of] :
         {std::tuple{"limit-95", &ForceComparison::funnel_lower_95,
                     &ForceComparison::funnel_upper_95},
          std::tuple{"limit-998", &ForceComparison::funnel_lower_998,
                     &ForceComparison::funnel_upper_998}}) {
      const auto curves =
          All(svg, std::string("<polyline class=\"") + name + "\"[^>]* points=\"([^\"]*)\"");
      ASSERT_EQ(curves.size(), 2u) << name;
      std::map<double, std::vector<double>> y_at;  // x -> the curves' y there
      for (const std::string& points : curves) {
        std::istringstream in(points);
        double x = 0, y = 0;
        char comma = 0;
        while (in >> x >> comma >> y) y_at[std::round(x * 10) / 10].push_back(y);
      }
      for (const ForceComparison& row : comparison.rows()) {
        const double x = std::round(scales.X(static_cast<double>(row.reports())) * 10) / 10;
        ASSERT_EQ(y_at[x].size(), 2u) << name << " method " << method << " at " << row.reports();
        // Drawn to a tenth of a pixel; the limits may lie outside the plot (clipped there).
        EXPECT_NEAR(y_at[x][0], scales.Y((row.*lower_of)()), 0.15) << name << " " << method;
        EXPECT_NEAR(y_at[x][1], scales.Y((row.*upper_of)()), 0.15) << name << " " << method;
      }
    }
  }
}

TEST(FunnelSvg, LabelsOfTwoForcesAtTheSamePointDoNotOverlap) {
  CompareForcesResponse comparison =
      ComparisonOf({{"sussex", 139, 122, 122},
                    {"surrey", 139, 122, 122},
                    {"kent", 600, 400, 400},
                    {"essex", 500, 330, 330},
                    {"dorset", 80, 50, 50}},
                   foi::v1::FUNNEL_METHOD_BINOMIAL, Estimate(1, 0, false, 5));
  FunnelSvgOptions options = Options();
  options.force_names = {{"sussex", "Sussex Police"}, {"surrey", "Surrey Police"}};
  const std::string svg = FunnelSvg(comparison, options);
  struct Label {
    std::string text;
    Box box;
  };
  std::vector<Label> labels;
  for (const std::string& element : All(svg, "(<text class=\"force-label\"[^>]*>[^<]*)</text>")) {
    const std::string text = Unescape(element.substr(element.find('>') + 1));
    const double width = EstimateTextWidth(text, 11);
    double x = Attribute(element, "x");
    if (element.find("text-anchor=\"end\"") != std::string::npos) x -= width;
    if (element.find("text-anchor=\"middle\"") != std::string::npos) x -= width / 2;
    labels.push_back({text, {x, Attribute(element, "y") - 9, width, 13}});
  }
  std::set<std::string> texts;
  for (const Label& label : labels) texts.insert(label.text);
  EXPECT_TRUE(texts.count("Sussex Police")) << svg;
  EXPECT_TRUE(texts.count("Surrey Police")) << svg;
  for (size_t i = 0; i < labels.size(); ++i) {
    for (size_t j = i + 1; j < labels.size(); ++j) {
      EXPECT_FALSE(Overlaps(labels[i].box, labels[j].box))
          << labels[i].text << " and " << labels[j].text;
    }
  }
}

TEST(FunnelSvg, PutsTheLegendBelowThePlot) {
  const std::string svg = FunnelSvg(Additive(), Options());
  const auto plot = All(svg, "(<clipPath id=\"plot-area\"><rect[^>]*>)");
  ASSERT_EQ(plot.size(), 1u);
  const double bottom = Attribute(plot[0], "y") + Attribute(plot[0], "height");
  const auto legend = All(svg, "(<g class=\"legend\">.*?</g>)");
  ASSERT_GE(legend.size(), 5u);  // national rate, both limits, point colours, the bar
  for (const std::string& item : legend) {
    for (const std::string& y : All(item, " (?:y|cy|y1|y2)=\"([-0-9.]+)\"")) {
      EXPECT_GT(std::stod(y) - 12, bottom) << item;
    }
  }
}

TEST(FunnelSvg, DrawsAComparisonWithoutANationalRate) {
  const CompareForcesResponse comparison = ComparisonOf(
      {{"metropolitan", 648, 371, 489}}, foi::v1::FUNNEL_METHOD_BINOMIAL, Estimate(1, 0, false, 0));
  const std::string svg = FunnelSvg(comparison, Options());
  std::string error;
  EXPECT_TRUE(IsWellFormedXml(svg, error)) << error;
  EXPECT_EQ(svg.find("<polyline"), std::string::npos);
  EXPECT_NE(svg.find("there is no national rate"), std::string::npos);
  EXPECT_TRUE(IsWellFormedXml(FunnelSvg(CompareForcesResponse(), {}), error)) << error;
}

// --- Words ------------------------------------------------------------------------------------

TEST(ComparisonText, WritesCountsPercentagesAndTheEstimateForATerminal) {
  EXPECT_EQ(CountText(0), "0");
  EXPECT_EQ(CountText(999), "999");
  EXPECT_EQ(CountText(1176), "1,176");
  EXPECT_EQ(CountText(-1234567), "-1,234,567");
  EXPECT_EQ(PercentText(0.8045), "80.5%");
  EXPECT_EQ(OverdispersionText(Additive(), Symbols::kAscii),
            "phi 3.79, tau^2 0.004: applied (estimated from 7 forces)");
  EXPECT_EQ(FunnelMethodName(foi::v1::FUNNEL_METHOD_UNSPECIFIED),
            "binomial (normal approximation)");
}

// --- Ticks and label placement ----------------------------------------------------------------

TEST(NiceAxis, RoundsOutToStepsOfOneTwoOrFive) {
  const Axis reports = NiceAxis(0, 674, 6);
  EXPECT_EQ(reports.step, 100);
  EXPECT_EQ(reports.low, 0);
  EXPECT_EQ(reports.high, 700);
  EXPECT_EQ(reports.ticks.size(), 8u);
  const Axis rate = NiceAxis(0.31, 0.97, 6);
  EXPECT_NEAR(rate.step, 0.1, 1e-12);
  EXPECT_NEAR(rate.low, 0.3, 1e-12);
  EXPECT_NEAR(rate.high, 1.0, 1e-12);
  EXPECT_NEAR(NiceAxis(0.68, 0.74, 6).step, 0.01, 1e-12);
  EXPECT_EQ(NiceAxis(0, 12000, 5).step, 2000);
}

// A label 13 px high for a point with a marker 10 px across.
LabelRequest Request(double x, double y, double width, bool required) {
  LabelRequest request;
  request.x = x;
  request.y = y;
  request.clearance = 5;
  request.width = width;
  request.height = 13;
  request.required = required;
  return request;
}

TEST(PlaceLabels, TwoLabelsAtOnePointGoOnDifferentSides) {
  const Box bounds{0, 0, 400, 300};
  const std::vector<Box> markers = {{195, 145, 10, 10}, {195, 145, 10, 10}};
  const std::vector<PlacedLabel> placed =
      PlaceLabels({Request(200, 150, 80, true), Request(200, 150, 80, true)}, markers, bounds);
  ASSERT_TRUE(placed[0].placed && placed[1].placed);
  EXPECT_FALSE(Overlaps(placed[0].box, placed[1].box));
  for (const PlacedLabel& label : placed) EXPECT_FALSE(Overlaps(label.box, markers[0]));
  EXPECT_EQ(placed[0].anchor, Anchor::kStart);  // right of the point
  EXPECT_EQ(placed[1].anchor, Anchor::kEnd);    // left of it
  EXPECT_FALSE(placed[0].leader);
}

TEST(PlaceLabels, MovesOffWithALeaderLineOrLeavesOutAnOptionalLabel) {
  // A point in a narrow box: only above or below, beside it there is no room.
  const Box bounds{0, 0, 100, 100};
  std::vector<LabelRequest> requests(6, Request(50, 50, 90, false));
  requests[0].required = true;
  const std::vector<PlacedLabel> placed = PlaceLabels(requests, {{45, 45, 10, 10}}, bounds);
  ASSERT_TRUE(placed[0].placed);
  int placed_count = 0, leaders = 0;
  for (size_t i = 0; i < placed.size(); ++i) {
    if (!placed[i].placed) {
      continue;
    }
    ++placed_count;
    leaders += placed[i].leader;
    EXPECT_GE(placed[i].box.x, bounds.x);
    EXPECT_LE(placed[i].box.Right(), bounds.Right());
    for (size_t j = 0; j < i; ++j) {
      if (placed[j].placed) {
        EXPECT_FALSE(Overlaps(placed[i].box, placed[j].box));
      }
    }
  }
  EXPECT_GE(leaders, 1);       // moved off the point
  EXPECT_LT(placed_count, 6);  // and some did not fit at all
}

TEST(PlaceLabels, KeepsALabelClearOfTheNextPointSoThatItReadsAsItsOwn) {
  // Cumbria's point at 100, Merseyside's at 200, with no room right of Merseyside: its label
  // ending at its point but starting just after Cumbria's would read as Cumbria's.
  const Box bounds{0, 0, 230, 300};
  const LabelRequest merseyside = Request(200, 150, 80, true);
  const LabelRequest cumbria = Request(100, 150, 80, true);
  const std::vector<PlacedLabel> placed = PlaceLabels({merseyside, cumbria}, {}, bounds);
  ASSERT_TRUE(placed[0].placed && placed[1].placed);
  const Box own{195, 145, 10, 10}, other{95, 145, 10, 10};
  auto gap = [](const Box& a, const Box& b) {
    return std::hypot(std::max({0.0, a.x - b.Right(), b.x - a.Right()}),
                      std::max({0.0, a.y - b.Bottom(), b.y - a.Bottom()}));
  };
  EXPECT_GE(gap(placed[0].box, other), gap(placed[0].box, own) + 16)
      << placed[0].box.x << "," << placed[0].box.y;
  EXPECT_FALSE(Overlaps(placed[0].box, placed[1].box));
}

TEST(PlaceLabels, PlacesARequiredLabelEvenWhereEverythingIsTaken) {
  const Box bounds{0, 0, 200, 200};
  const std::vector<PlacedLabel> placed =
      PlaceLabels({Request(100, 100, 40, true)}, {{0, 0, 200, 200}}, bounds);
  EXPECT_TRUE(placed[0].placed);
  EXPECT_FALSE(PlaceLabels({Request(100, 100, 40, false)}, {{0, 0, 200, 200}}, bounds)[0].placed);
}

// --- Rendering --------------------------------------------------------------------------------

#ifndef FOI_RSVG_CONVERT
#define FOI_RSVG_CONVERT "rsvg-convert"
#endif

// Renders `svg` to a PNG with rsvg-convert; true when it wrote one (a file starting with the
// PNG signature). Sets `output` to what rsvg-convert said.
bool RendersToPng(const std::string& svg, const std::string& name, std::string& output) {
  const std::string base =
      testing::TempDir() + "funnel_svg_test_" + std::to_string(getpid()) + "_" + name;
  std::ofstream(base + ".svg") << svg;
  std::remove((base + ".png").c_str());
  const std::string command = std::string("'") + FOI_RSVG_CONVERT + "' -o '" + base + ".png' '" +
                              base + ".svg' > '" + base + ".log' 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream log(base + ".log");
  output.assign(std::istreambuf_iterator<char>(log), std::istreambuf_iterator<char>());
  std::ifstream png(base + ".png", std::ios::binary);
  char signature[8] = {};
  png.read(signature, sizeof signature);
  const bool is_png = png.gcount() == 8 && std::string(signature, 8) == "\x89PNG\r\n\x1a\n";
  std::remove((base + ".svg").c_str());
  std::remove((base + ".png").c_str());
  std::remove((base + ".log").c_str());
  return status == 0 && is_png;
}

class FunnelSvgRender : public testing::Test {
 protected:
  void SetUp() override {
    if (std::system(
            ("'" + std::string(FOI_RSVG_CONVERT) + "' --version > /dev/null 2>&1").c_str()) != 0) {
      GTEST_SKIP() << FOI_RSVG_CONVERT << " not found (Debian's librsvg2-bin)";
    }
  }
};

TEST_F(FunnelSvgRender, RsvgConvertRejectsAMalformedSvg) {
  std::string output;
  EXPECT_FALSE(
      RendersToPng("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
                   "height=\"10\"><text>Bed & Breakfast</text></svg>",
                   "malformed", output));
  EXPECT_FALSE(
      RendersToPng("<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>", "unclosed", output));
}

TEST_F(FunnelSvgRender, EveryMethodsPlotRenders) {
  FunnelSvgOptions escaped = Options();
  escaped.force_names["sussex"] = "Sussex & <Brighton>";
  const std::vector<std::pair<std::string, std::string>> plots = {
      {"binomial",
       FunnelSvg(ComparisonOf(kForces, foi::v1::FUNNEL_METHOD_BINOMIAL, Estimate(1, 0, false, 7)),
                 Options())},
      {"exact", FunnelSvg(ComparisonOf(kForces, foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL,
                                       Estimate(1, 0, false, 7)),
                          Options())},
      {"additive", FunnelSvg(Additive(), escaped)},
      {"multiplicative", FunnelSvg(ComparisonOf(kForces, foi::v1::FUNNEL_METHOD_MULTIPLICATIVE,
                                                Estimate(2.6, 0, true, 7)),
                                   Options())},
      {"no_national_rate",
       FunnelSvg(ComparisonOf({{"metropolitan", 648, 371, 489}}, foi::v1::FUNNEL_METHOD_BINOMIAL,
                              Estimate(1, 0, false, 0)),
                 Options())},
      {"empty", FunnelSvg(CompareForcesResponse(), {})}};
  for (const auto& [name, svg] : plots) {
    std::string output;
    EXPECT_TRUE(RendersToPng(svg, name, output)) << name << ": " << output;
  }
}

}  // namespace
}  // namespace foi::cli
