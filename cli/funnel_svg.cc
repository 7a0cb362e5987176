#include "cli/funnel_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "cli/comparison_text.h"
#include "cli/plot_layout.h"
#include "stats-service/src/funnel_methods.h"

namespace foi::cli {
namespace {

using foi::v1::CompareForcesResponse;
using foi::v1::ForceComparison;

constexpr double kWidth = 760, kMargin = 20, kPlotLeft = 80, kPlotRight = kWidth - 24;
constexpr double kPlotHeight = 380;
constexpr double kTitleSize = 17, kTitleLine = 22, kLabelSize = 11, kCaptionSize = 11;
constexpr char kTargetColour[] = "#222222", kLimitColour[] = "#7a7a7a", kBarColour[] = "#7b3294";
// Forces within the limits: mid grey points, their labels darker to read.
constexpr char kWithinColour[] = "#8c8c8c", kWithinLabelColour[] = "#4d4d4d";

// --- Text -------------------------------------------------------------------------------------

// `text` as XML character data or an attribute value: the five special characters escaped, and
// the control characters XML 1.0 does not allow dropped.
std::string Escape(std::string_view text) {
  std::string allowed;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') allowed += c;
  }
  return absl::StrReplaceAll(
      allowed, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&apos;"}});
}

// A point's colour: reds above the limits, blues below, grey within.
std::string PositionColour(foi::v1::FunnelPosition position) {
  switch (position) {
    case foi::v1::FUNNEL_POSITION_ABOVE_998:
      return "#b2182b";
    case foi::v1::FUNNEL_POSITION_ABOVE_95:
      return "#e0703f";
    case foi::v1::FUNNEL_POSITION_BELOW_95:
      return "#4b9bd0";
    case foi::v1::FUNNEL_POSITION_BELOW_998:
      return "#2166ac";
    default:
      return kWithinColour;
  }
}

// --- Scales and axes --------------------------------------------------------------------------

struct Scales {
  Box plot;
  Axis reports;  // across
  Axis rate;     // up
  double X(double n) const {
    return plot.x + plot.width * (n - reports.low) / (reports.high - reports.low);
  }
  double Y(double r) const {
    return plot.Bottom() - plot.height * (r - rate.low) / (rate.high - rate.low);
  }
};

// Reports from 0 past the largest force; rates over everything drawn at the forces (their rates
// or possible rates, the national rate, the 99.8% limits at each force's reports), padded a
// little and rounded out to ticks within 0..100%.
Scales ScalesOf(const CompareForcesResponse& comparison, const Box& plot) {
  int64_t max_reports = 1;
  double low = 1, high = 0;
  auto cover = [&](double rate) {
    low = std::min(low, rate);
    high = std::max(high, rate);
  };
  if (comparison.national().has_rate()) cover(comparison.national().rate());
  for (const ForceComparison& row : comparison.rows()) {
    if (row.reports() <= 0) continue;
    max_reports = std::max(max_reports, row.reports());
    cover(row.has_rate() ? row.rate() : row.rate_min());
    cover(row.has_rate() ? row.rate() : row.rate_max());
    if (row.has_funnel_lower_998()) cover(row.funnel_lower_998());
    if (row.has_funnel_upper_998()) cover(row.funnel_upper_998());
  }
  if (low > high) low = 0, high = 1;
  const double pad = std::max(0.02, 0.05 * (high - low));
  Axis rate = NiceAxis(std::max(0.0, low - pad), std::min(1.0, high + pad), 6);
  return {plot, NiceAxis(0, static_cast<double>(max_reports) * 1.04, 6), rate};
}

std::string RateTick(double rate, double step) {
  const int decimals = step >= 0.01 - 1e-12 ? 0 : step >= 0.001 - 1e-12 ? 1 : 2;
  return absl::StrFormat("%.*f%%", decimals, 100 * rate);
}

void AppendAxes(std::string& svg, const Scales& s, const FunnelSvgOptions& options) {
  const Box& plot = s.plot;
  for (double rate : s.rate.ticks) {
    absl::StrAppendFormat(&svg,
                          "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                          "stroke=\"#e6e6e6\"/>\n<text class=\"tick-y\" x=\"%.1f\" y=\"%.1f\" "
                          "text-anchor=\"end\">%s</text>\n",
                          plot.x, s.Y(rate), plot.Right(), s.Y(rate), plot.x - 7, s.Y(rate) + 4,
                          RateTick(rate, s.rate.step));
  }
  for (double n : s.reports.ticks) {
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>"
                          "\n<text class=\"tick-x\" x=\"%.1f\" y=\"%.1f\" "
                          "text-anchor=\"middle\">%s</text>\n",
                          s.X(n), plot.Bottom(), s.X(n), plot.Bottom() + 5, s.X(n),
                          plot.Bottom() + 18, CountText(std::llround(n)));
  }
  absl::StrAppendFormat(&svg,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>\n"
                        "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                        "Reports recorded by the force</text>\n"
                        "<text class=\"axis-title\" transform=\"translate(%.1f,%.1f) rotate(-90)\" "
                        "text-anchor=\"middle\">%s</text>\n",
                        plot.x, plot.Bottom(), plot.Right(), plot.Bottom(), plot.x + plot.width / 2,
                        plot.Bottom() + 38, kMargin + 4, plot.y + plot.height / 2,
                        Escape(options.rate_axis_title));
}

// --- Funnel limits ----------------------------------------------------------------------------

stats::FunnelMethod StatsMethod(foi::v1::FunnelMethod method) {
  switch (method) {
    case foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL:
      return stats::FunnelMethod::kExactBinomial;
    case foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS:
      return stats::FunnelMethod::kAdditiveRandomEffects;
    case foi::v1::FUNNEL_METHOD_MULTIPLICATIVE:
      return stats::FunnelMethod::kMultiplicative;
    default:
      return stats::FunnelMethod::kBinomial;
  }
}

// The target line and the 95% and 99.8% limits as curves over the number of reports, clipped to
// the plot. The rows carry limits only at each force's own reports; between them the curves come
// from FunnelLimitsBy, the function the stats service drew the rows' limits with (shared through
// foi_stats), given the reply's method, target and overdispersion estimate, so every method's
// curves (exact binomial included) pass through every row's limits. They are sampled more
// densely where the funnel is narrow-necked, at few reports, and at each force's reports.
void AppendLimits(std::string& svg, const CompareForcesResponse& comparison, const Scales& s) {
  if (!comparison.national().has_rate()) return;
  const double target = comparison.national().rate();
  const foi::v1::Overdispersion& estimate = comparison.overdispersion();
  const stats::Overdispersion overdispersion{estimate.phi(), estimate.tau_squared(),
                                             estimate.applied(), estimate.forces_used()};
  std::set<int64_t> reports;
  constexpr int kSamples = 240;
  for (int k = 1; k <= kSamples; ++k) {
    const double share = static_cast<double>(k) / kSamples;
    reports.insert(std::max<int64_t>(1, std::llround(s.reports.high * share * share)));
  }
  for (const ForceComparison& row : comparison.rows()) {
    if (row.reports() > 0) reports.insert(row.reports());
  }
  const stats::FunnelMethod method = StatsMethod(comparison.funnel_method());
  for (const auto& [z, name, dashes] : {std::tuple{stats::kFunnelZ95, "limit-95", "6,4"},
                                        std::tuple{stats::kFunnelZ998, "limit-998", "none"}}) {
    std::string lower, upper;
    for (int64_t n : reports) {
      const stats::Interval limits = stats::FunnelLimitsBy(method, target, n, z, overdispersion);
      const double x = s.X(static_cast<double>(n));
      absl::StrAppendFormat(&lower, "%.1f,%.1f ", x, s.Y(limits.lower));
      absl::StrAppendFormat(&upper, "%.1f,%.1f ", x, s.Y(limits.upper));
    }
    for (const std::string& points : {lower, upper}) {
      absl::StrAppendFormat(&svg,
                            "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" "
                            "stroke-width=\"1.2\" stroke-dasharray=\"%s\" "
                            "clip-path=\"url(#plot-area)\" points=\"%s\"/>\n",
                            name, kLimitColour, dashes, points);
    }
  }
  absl::StrAppendFormat(&svg,
                        "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                        "stroke=\"%s\" stroke-width=\"1.6\"/>\n",
                        s.plot.x, s.Y(target), s.plot.Right(), s.Y(target), kTargetColour);
}

// --- Forces -----------------------------------------------------------------------------------

struct Marker {
  const ForceComparison* row;
  std::string name;
  double x, y;   // the point, or the middle of the bar
  Box box;       // what the marker covers
  int priority;  // 0 first: beyond the 99.8% limits, then the 95%, inexact, the rest
};

int PriorityOf(const ForceComparison& row) {
  switch (row.funnel_position()) {
    case foi::v1::FUNNEL_POSITION_ABOVE_998:
    case foi::v1::FUNNEL_POSITION_BELOW_998:
      return 0;
    case foi::v1::FUNNEL_POSITION_ABOVE_95:
    case foi::v1::FUNNEL_POSITION_BELOW_95:
      return 1;
    default:
      return row.has_rate() ? 3 : 2;
  }
}

std::vector<Marker> MarkersOf(const CompareForcesResponse& comparison, const Scales& s,
                              const FunnelSvgOptions& options) {
  std::vector<Marker> markers;
  for (const ForceComparison& row : comparison.rows()) {
    if (row.reports() <= 0) continue;
    const auto named = options.force_names.find(row.force_id());
    const std::string name = named != options.force_names.end() ? named->second : row.force_id();
    const double x = s.X(static_cast<double>(row.reports()));
    if (row.has_rate()) {
      const double y = s.Y(row.rate());
      markers.push_back({&row, name, x, y, {x - 5, y - 5, 10, 10}, PriorityOf(row)});
    } else {
      const double top = s.Y(row.rate_max()), bottom = s.Y(row.rate_min());
      markers.push_back({&row,
                         name,
                         x,
                         (top + bottom) / 2,
                         {x - 5, top - 2, 10, bottom - top + 4},
                         PriorityOf(row)});
    }
  }
  // Most important first, and among equals the larger forces, whose positions are surer.
  std::stable_sort(markers.begin(), markers.end(), [](const Marker& a, const Marker& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.row->reports() > b.row->reports();
  });
  return markers;
}

void AppendMarker(std::string& svg, const Marker& marker, double confidence) {
  const ForceComparison& row = *marker.row;
  absl::StrAppendFormat(&svg, "<g class=\"%s\"><title>%s</title>",
                        row.has_rate() ? "force" : "force inexact",
                        Escape(ForceFiguresText(marker.name, row, confidence)));
  if (row.has_rate()) {
    absl::StrAppendFormat(&svg,
                          "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\" stroke=\"white\" "
                          "stroke-width=\"0.8\"/>",
                          marker.x, marker.y, PositionColour(row.funnel_position()));
  } else {
    const double top = marker.box.y + 2, bottom = marker.box.Bottom() - 2, x = marker.x;
    absl::StrAppendFormat(&svg,
                          "<path d=\"M%.1f,%.1fV%.1fM%.1f,%.1fH%.1fM%.1f,%.1fH%.1f\" "
                          "stroke=\"%s\" stroke-width=\"3\" fill=\"none\"/>",
                          x, top, bottom, x - 4, top, x + 4, x - 4, bottom, x + 4, kBarColour);
  }
  svg += "</g>\n";
}

// Every force's marker, then the labels PlaceLabels found room for; returns the names of the
// forces it did not.
std::vector<std::string> AppendForces(std::string& svg, const std::vector<Marker>& markers,
                                      const CompareForcesResponse& comparison, const Scales& s,
                                      const std::vector<Box>& fixed) {
  const double confidence = comparison.confidence() > 0 ? comparison.confidence() : 0.95;
  // Drawn least important first, so that outliers lie on top.
  for (auto it = markers.rbegin(); it != markers.rend(); ++it) AppendMarker(svg, *it, confidence);

  std::vector<LabelRequest> requests;
  for (const Marker& marker : markers) {
    requests.push_back({marker.x, marker.y, 5, EstimateTextWidth(marker.name, kLabelSize),
                        kLabelSize + 2, marker.priority < 3, marker.box});
  }
  const std::vector<PlacedLabel> placed = PlaceLabels(requests, fixed, s.plot);
  std::vector<std::string> unlabelled;
  for (size_t i = 0; i < markers.size(); ++i) {
    const Marker& marker = markers[i];
    const PlacedLabel& label = placed[i];
    if (!label.placed) {
      unlabelled.push_back(marker.name);
      continue;
    }
    const std::string colour =
        marker.row->has_rate() ? PositionColour(marker.row->funnel_position()) : kBarColour;
    if (label.leader) {  // from the marker's edge to the nearest point of the label's box
      const double to_x = std::clamp(marker.x, label.box.x, label.box.Right());
      const double to_y = std::clamp(marker.y, label.box.y, label.box.Bottom());
      const double length = std::hypot(to_x - marker.x, to_y - marker.y);
      const double from = length > 0 ? 6 / length : 0;
      absl::StrAppendFormat(&svg,
                            "<line class=\"leader\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                            "y2=\"%.1f\" stroke=\"#999\" stroke-width=\"0.7\"/>\n",
                            marker.x + (to_x - marker.x) * from,
                            marker.y + (to_y - marker.y) * from, to_x, to_y);
    }
    const double x = label.anchor == Anchor::kStart    ? label.box.x
                     : label.anchor == Anchor::kMiddle ? label.box.x + label.box.width / 2
                                                       : label.box.Right();
    absl::StrAppendFormat(&svg,
                          "<text class=\"force-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
                          "font-size=\"%.0f\" fill=\"%s\" stroke=\"white\" stroke-width=\"3\" "
                          "paint-order=\"stroke\">%s</text>\n",
                          x, label.box.Bottom() - 4,
                          label.anchor == Anchor::kStart    ? "start"
                          : label.anchor == Anchor::kMiddle ? "middle"
                                                            : "end",
                          kLabelSize, colour == kWithinColour ? kWithinLabelColour : colour,
                          Escape(marker.name));
  }
  return unlabelled;
}

// The national rate's label on its line, where no force's marker is: at the right end, else
// further left, above the line or below it. Returns its box.
Box AppendTargetLabel(std::string& svg, const CompareForcesResponse& comparison, const Scales& s,
                      const std::vector<Marker>& markers) {
  const std::string text = absl::StrCat("National ", PercentText(comparison.national().rate()));
  const double width = EstimateTextWidth(text, kLabelSize), height = kLabelSize + 2;
  const double line = s.Y(comparison.national().rate());
  auto clear = [&](const Box& box) {
    return std::none_of(markers.begin(), markers.end(),
                        [&](const Marker& marker) { return Overlaps(box, marker.box); });
  };
  Box chosen{s.plot.Right() - width - 4, line - height - 3, width, height};
  for (double along : {1.0, 0.8, 0.6, 0.4}) {
    const double x = s.plot.x + (s.plot.width - width - 4) * along;
    const Box above{x, line - height - 3, width, height}, below{x, line + 3, width, height};
    if (clear(above) || clear(below)) {
      chosen = clear(above) ? above : below;
      break;
    }
  }
  absl::StrAppendFormat(&svg,
                        "<text class=\"target-label\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" "
                        "fill=\"%s\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">"
                        "%s</text>\n",
                        chosen.x, chosen.Bottom() - 4, kLabelSize, kTargetColour, text);
  return chosen;
}

// --- Legend and caption -----------------------------------------------------------------------

enum class Sample { kLine, kDashed, kThinLine, kPoint, kBar };

struct LegendItem {
  Sample sample;
  std::string colour;
  std::string text;
};

std::vector<LegendItem> LegendItems(const CompareForcesResponse& comparison) {
  std::vector<LegendItem> items;
  if (comparison.national().has_rate()) {
    items.push_back({Sample::kLine, kTargetColour,
                     absl::StrCat("National rate, ", PercentText(comparison.national().rate()))});
    items.push_back({Sample::kDashed, kLimitColour, "95% limits"});
    items.push_back({Sample::kThinLine, kLimitColour, "99.8% limits"});
  }
  std::set<int> positions;
  bool inexact = false;
  for (const ForceComparison& row : comparison.rows()) {
    if (row.reports() <= 0) continue;
    if (row.has_rate()) positions.insert(row.funnel_position());
    inexact |= !row.has_rate();
  }
  for (auto [position, text] :
       {std::pair{foi::v1::FUNNEL_POSITION_ABOVE_998, "Above the 99.8% limit"},
        std::pair{foi::v1::FUNNEL_POSITION_ABOVE_95, "Above the 95% limit"},
        std::pair{foi::v1::FUNNEL_POSITION_WITHIN, "Within the 95% limits"},
        std::pair{foi::v1::FUNNEL_POSITION_BELOW_95, "Below the 95% limit"},
        std::pair{foi::v1::FUNNEL_POSITION_BELOW_998, "Below the 99.8% limit"},
        std::pair{foi::v1::FUNNEL_POSITION_NOT_COMPARABLE, "Not placed"}}) {
    if (positions.count(position)) {
      items.push_back({Sample::kPoint, PositionColour(position), text});
    }
  }
  if (inexact) {
    items.push_back(
        {Sample::kBar, kBarColour, "Figures leave the count open: the range of possible rates"});
  }
  return items;
}

// The legend in rows from `top`, below the plot and clear of it; returns where it ends.
double AppendLegend(std::string& svg, const CompareForcesResponse& comparison, double top) {
  double x = kPlotLeft, y = top;
  for (const LegendItem& item : LegendItems(comparison)) {
    const double width = 28 + EstimateTextWidth(item.text, kLabelSize) + 18;
    if (x + width > kWidth - kMargin && x > kPlotLeft) x = kPlotLeft, y += 18;
    svg += "<g class=\"legend\">";
    switch (item.sample) {
      case Sample::kPoint:
        absl::StrAppendFormat(&svg, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>",
                              x + 11, y - 4, item.colour);
        break;
      case Sample::kBar:
        absl::StrAppendFormat(&svg,
                              "<path d=\"M%.1f,%.1fV%.1fM%.1f,%.1fH%.1fM%.1f,%.1fH%.1f\" "
                              "stroke=\"%s\" stroke-width=\"3\" fill=\"none\"/>",
                              x + 11, y - 11, y + 3, x + 7, y - 11, x + 15, x + 7, y + 3, x + 15,
                              item.colour);
        break;
      default:
        absl::StrAppendFormat(&svg,
                              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                              "stroke-width=\"%s\" stroke-dasharray=\"%s\"/>",
                              x, y - 4, x + 22, y - 4, item.colour,
                              item.sample == Sample::kLine ? "1.6" : "1.2",
                              item.sample == Sample::kDashed ? "6,4" : "none");
    }
    absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\">%s</text></g>\n",
                          x + 28, y, kLabelSize, Escape(item.text));
    x += width;
  }
  return y;
}

double AppendCaption(std::string& svg, const std::vector<std::string>& paragraphs, double top) {
  double y = top;
  for (const std::string& paragraph : paragraphs) {
    for (const std::string& line : WrapText(paragraph, kCaptionSize, kWidth - 2 * kMargin)) {
      absl::StrAppendFormat(&svg,
                            "<text class=\"caption\" x=\"%.0f\" y=\"%.1f\" font-size=\"%.0f\" "
                            "fill=\"#444\">%s</text>\n",
                            kMargin, y, kCaptionSize, Escape(line));
      y += kCaptionSize + 4;
    }
  }
  return y;
}

}  // namespace

std::string FunnelSvg(const CompareForcesResponse& comparison, const FunnelSvgOptions& options) {
  // Bold glyphs are about a tenth wider than the estimate's regular ones.
  const std::vector<std::string> title =
      WrapText(options.title, kTitleSize * 1.12, kWidth - 2 * kMargin);
  const double plot_top = 14 + kTitleLine * static_cast<double>(title.size()) + 16;
  const Scales scales =
      ScalesOf(comparison, {kPlotLeft, plot_top, kPlotRight - kPlotLeft, kPlotHeight});
  const Box& plot = scales.plot;

  std::string body;
  for (size_t i = 0; i < title.size(); ++i) {
    absl::StrAppendFormat(&body,
                          "<text class=\"title\" x=\"%.0f\" y=\"%.1f\" font-size=\"%.0f\" "
                          "font-weight=\"bold\">%s</text>\n",
                          kMargin, 14 + kTitleLine * static_cast<double>(i + 1) - 5, kTitleSize,
                          Escape(title[i]));
  }
  AppendAxes(body, scales, options);
  AppendLimits(body, comparison, scales);
  const std::vector<Marker> markers = MarkersOf(comparison, scales, options);
  std::vector<Box> fixed;
  if (comparison.national().has_rate()) {
    fixed.push_back(AppendTargetLabel(body, comparison, scales, markers));
  }
  const std::vector<std::string> unlabelled =
      AppendForces(body, markers, comparison, scales, fixed);
  const double legend_end = AppendLegend(body, comparison, plot.Bottom() + 66);
  const double height =
      AppendCaption(body, FunnelCaption(comparison, unlabelled), legend_end + 26) + 6;

  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
      absl::StrFormat("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                      "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Arial, Helvetica, "
                      "sans-serif\" font-size=\"12\">\n",
                      kWidth, height, kWidth, height),
      "<title>", Escape(options.title), "</title>\n",
      absl::StrFormat("<defs><clipPath id=\"plot-area\"><rect x=\"%.1f\" y=\"%.1f\" "
                      "width=\"%.1f\" height=\"%.1f\"/></clipPath></defs>\n",
                      plot.x, plot.y, plot.width, plot.height),
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", body, "</svg>\n");
}

}  // namespace foi::cli
