#include "cli/plot_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

namespace foi::cli {
namespace {

// The advance widths of DejaVu Sans's printable ASCII glyphs, ' ' to '~', in thousandths of an em.
constexpr int kAsciiWidths[95] = {
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361,  318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635,  611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352,  635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592,  525, 636, 337, 636, 838,
};

double GlyphWidth(char c) {
  const auto code = static_cast<unsigned char>(c);
  if (code >= 0x20 && code < 0x7F) return kAsciiWidths[code - 0x20] / 1000.0;
  return code >= 0x80 ? 0.65 : 0;  // the lead byte of a non-ASCII letter; a control character
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool Inside(const Box& inner, const Box& outer) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.Right() <= outer.Right() &&
         inner.Bottom() <= outer.Bottom();
}

double OverlapArea(const Box& a, const Box& b) {
  const double width = std::min(a.Right(), b.Right()) - std::max(a.x, b.x);
  const double height = std::min(a.Bottom(), b.Bottom()) - std::max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

// The gap between two boxes (0 when they meet).
double Distance(const Box& a, const Box& b) {
  const double dx = std::max({0.0, a.x - b.Right(), b.x - a.Right()});
  const double dy = std::max({0.0, a.y - b.Bottom(), b.y - a.Bottom()});
  return std::hypot(dx, dy);
}

Box MarkerOf(const LabelRequest& label) {
  if (label.marker.width > 0 || label.marker.height > 0) return label.marker;
  return {label.x - label.clearance, label.y - label.clearance, 2 * label.clearance,
          2 * label.clearance};
}

struct Candidate {
  Box box;
  Anchor anchor = Anchor::kStart;
};

// The positions around the point, `distance` from it: right, left, above, below, the four
// diagonals, then above and below again with the label's start or end over the point.
std::vector<Candidate> CandidatesAt(const LabelRequest& label, double distance) {
  const double w = label.width, h = label.height, x = label.x, y = label.y;
  const double diagonal = distance * 0.7, inset = label.clearance + 2;
  return {
      {{x + distance, y - h / 2, w, h}, Anchor::kStart},
      {{x - distance - w, y - h / 2, w, h}, Anchor::kEnd},
      {{x - w / 2, y - distance - h, w, h}, Anchor::kMiddle},
      {{x - w / 2, y + distance, w, h}, Anchor::kMiddle},
      {{x + diagonal, y - diagonal - h, w, h}, Anchor::kStart},
      {{x - diagonal - w, y - diagonal - h, w, h}, Anchor::kEnd},
      {{x + diagonal, y + diagonal, w, h}, Anchor::kStart},
      {{x - diagonal - w, y + diagonal, w, h}, Anchor::kEnd},
      {{x - inset, y - distance - h, w, h}, Anchor::kStart},
      {{x + inset - w, y - distance - h, w, h}, Anchor::kEnd},
      {{x - inset, y + distance, w, h}, Anchor::kStart},
      {{x + inset - w, y + distance, w, h}, Anchor::kEnd},
  };
}

// Rings of candidates: beside the point, then a line height further out at a time (optional
// labels go two rings out, required ones five).
constexpr int kOptionalRings = 3;
constexpr int kRequiredRings = 6;
constexpr double kGap = 3;

}  // namespace

Axis NiceAxis(double low, double high, int target) {
  if (!(high > low)) high = low + 1;
  const double raw = (high - low) / std::max(1, target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double normalised = raw / magnitude;
  const double multiple = normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10;
  Axis axis;
  axis.step = multiple * magnitude;
  // Whole steps, with a little slack so that a bound already on a step stays there.
  const auto first = static_cast<long long>(std::floor(low / axis.step + 1e-9));
  const auto last = static_cast<long long>(std::ceil(high / axis.step - 1e-9));
  for (long long k = first; k <= last; ++k)
    axis.ticks.push_back(static_cast<double>(k) * axis.step);
  axis.low = axis.ticks.front();
  axis.high = axis.ticks.back();
  return axis;
}

double EstimateTextWidth(std::string_view utf8, double font_size) {
  double ems = 0;
  for (char c : utf8) {
    if (!IsContinuationByte(c)) ems += GlyphWidth(c);
  }
  return ems * font_size;
}

std::vector<std::string> WrapText(const std::string& text, double font_size, double width) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!lines.empty() && EstimateTextWidth(lines.back() + " " + word, font_size) <= width) {
      lines.back() += " " + word;
    } else {
      lines.push_back(word);
    }
  }
  return lines;
}

bool Overlaps(const Box& a, const Box& b) { return OverlapArea(a, b) > 0; }

std::vector<PlacedLabel> PlaceLabels(const std::vector<LabelRequest>& requests,
                                     const std::vector<Box>& obstacles, const Box& bounds) {
  std::vector<Box> markers;
  for (const LabelRequest& label : requests) markers.push_back(MarkerOf(label));
  std::vector<Box> taken = obstacles;
  taken.insert(taken.end(), markers.begin(), markers.end());
  std::vector<PlacedLabel> placed(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    const LabelRequest& label = requests[i];
    // What is wrong with a position: the area it overlaps, and how far short it falls of being
    // clearly this marker's label. 0 for a good one.
    auto cost = [&](const Box& box, bool beside) {
      double cost = 0;
      for (const Box& other : taken) cost += OverlapArea(box, other);
      const double own = Distance(box, markers[i]);
      const double needed = beside ? std::max(2 * own, own + 16) : 8;
      for (size_t j = 0; j < markers.size(); ++j) {
        // Markers on top of this one cannot be told from it by where its label goes.
        if (j == i || Overlaps(markers[i], markers[j])) continue;
        cost += std::max(0.0, needed - Distance(box, markers[j]));
      }
      return cost;
    };
    const int rings = label.required ? kRequiredRings : kOptionalRings;
    double least_cost = std::numeric_limits<double>::infinity();
    PlacedLabel fallback;
    for (int ring = 0; ring < rings && !placed[i].placed; ++ring) {
      const double distance = label.clearance + kGap + ring * (label.height + 2);
      for (const Candidate& candidate : CandidatesAt(label, distance)) {
        if (!Inside(candidate.box, bounds)) continue;
        const double here_cost = cost(candidate.box, ring == 0);
        const PlacedLabel here{true, candidate.box, candidate.anchor, ring > 0};
        if (here_cost == 0) {
          placed[i] = here;
          break;
        }
        if (here_cost < least_cost) {
          least_cost = here_cost;
          fallback = here;
        }
      }
    }
    if (!placed[i].placed && label.required) {
      if (!fallback.placed) {  // wider than the bounds: beside the point, pushed inside them
        fallback = {true, CandidatesAt(label, label.clearance + kGap).front().box, Anchor::kStart,
                    false};
        fallback.box.x = std::max(bounds.x, std::min(fallback.box.x, bounds.Right() - label.width));
      }
      placed[i] = fallback;
    }
    if (placed[i].placed) taken.push_back(placed[i].box);
  }
  return placed;
}

}  // namespace foi::cli
