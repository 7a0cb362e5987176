#include "cli/funnel_svg.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "stats-service/src/proportion_statistics.h"

namespace foi::cli {
namespace {

constexpr double kWidth = 720, kHeight = 480, kLeft = 70, kRight = 30, kTop = 50, kBottom = 60;

std::string Escape(const std::string& text) {
  return absl::StrReplaceAll(text,
                             {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

}  // namespace

std::string FunnelSvg(const foi::v1::CompareForcesResponse& comparison, const std::string& title) {
  int64_t max_reports = 1;
  for (const auto& row : comparison.rows()) max_reports = std::max(max_reports, row.reports());
  const double n_max = static_cast<double>(max_reports) * 1.1;
  auto x = [&](double n) { return kLeft + (kWidth - kLeft - kRight) * n / n_max; };
  auto y = [&](double rate) { return kTop + (kHeight - kTop - kBottom) * (1 - rate); };

  std::string svg = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
      "<text x=\"%.0f\" y=\"24\" font-size=\"15\">%s</text>\n",
      kWidth, kHeight, kLeft, Escape(title));
  // Axes, with the rate in tenths.
  absl::StrAppendFormat(
      &svg,
      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n"
      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n",
      x(0), y(0), x(n_max), y(0), x(0), y(0), x(0), y(1));
  for (int tenth = 0; tenth <= 10; ++tenth) {
    absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n",
                          x(0) - 6, y(tenth / 10.0) + 4, tenth * 10);
  }
  absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">reports</text>\n",
                        (x(0) + x(n_max)) / 2, kHeight - 20);
  absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%lld</text>\n",
                        x(n_max), y(0) + 16, static_cast<long long>(n_max));

  const auto& national = comparison.national();
  if (national.has_rate()) {
    const double p0 = national.rate();
    absl::StrAppendFormat(
        &svg,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\" "
        "stroke-width=\"1.5\"/>\n<text x=\"%.1f\" y=\"%.1f\">national %.1f%%</text>\n",
        x(0), y(p0), x(n_max), y(p0), x(n_max) - 110, y(p0) - 6, 100 * p0);
    // The control limits as curves over the number of reports.
    for (const auto& [z, colour, label] : {std::tuple{stats::kFunnelZ95, "#1f77b4", "95%"},
                                           std::tuple{stats::kFunnelZ998, "#d62728", "99.8%"}}) {
      for (bool upper : {true, false}) {
        std::string points;
        for (int step = 1; step <= 200; ++step) {
          const double n = std::max(1.0, n_max * step / 200.0);
          const stats::Interval limits =
              stats::FunnelLimits(p0, static_cast<int64_t>(std::ceil(n)), z);
          absl::StrAppendFormat(&points, "%.1f,%.1f ", x(n),
                                y(upper ? limits.upper : limits.lower));
        }
        absl::StrAppendFormat(&svg,
                              "<polyline fill=\"none\" stroke=\"%s\" stroke-dasharray=\"5,3\" "
                              "points=\"%s\"/>\n",
                              colour, points);
      }
      absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s limits</text>\n",
                            kWidth - kRight - 90, z == stats::kFunnelZ95 ? 40.0 : 56.0, colour,
                            label);
    }
  }
  for (const auto& row : comparison.rows()) {
    if (!row.has_rate()) continue;
    const bool outlier = row.funnel_position() != foi::v1::FUNNEL_POSITION_WITHIN;
    absl::StrAppendFormat(&svg, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>\n",
                          x(row.reports()), y(row.rate()), outlier ? "#d62728" : "#444");
    if (outlier) {
      absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", x(row.reports()) + 7,
                            y(row.rate()) + 4, Escape(row.force_id()));
    }
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace foi::cli
