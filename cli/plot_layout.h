// File: cli/plot_layout.h
//
// The geometry of a plot that does not depend on what it shows: round axis ticks, an estimate
// of how wide a line of text is (and text wrapped by it), and a greedy placement of point
// labels that keeps them off each other and off the markers.
//
//   const Axis reports = NiceAxis(0, 1176, 6);  // 0, 200, ..., 1200
//   std::vector<PlacedLabel> placed = PlaceLabels(requests, markers, plot_area);
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace foi::cli {

// An axis from `low` to `high` with a tick every `step`: 1, 2 or 5 times a power of ten.
struct Axis {
  double low = 0;
  double high = 1;
  double step = 1;
  std::vector<double> ticks;  // low, low + step, ..., high
};

// The axis covering [low, high] (low < high) with about `target` steps, its ends moved out to
// whole steps.
Axis NiceAxis(double low, double high, int target);

// Roughly how wide `utf8` is, in pixels, set in a sans-serif face of `font_size` pixels (the
// widths of DejaVu Sans, the widest of the usual faces, so that real text is rarely wider).
double EstimateTextWidth(std::string_view utf8, double font_size);

// `text` broken between words into lines no wider than `width` by that estimate (a word wider
// than that is a line of its own).
std::vector<std::string> WrapText(const std::string& text, double font_size, double width);

// A rectangle in SVG coordinates: y grows downwards.
struct Box {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
  double Right() const { return x + width; }
  double Bottom() const { return y + height; }
};

// Whether the interiors of `a` and `b` meet (touching edges do not).
bool Overlaps(const Box& a, const Box& b);

// How a label's text sits in its box: its text-anchor.
enum class Anchor { kStart, kMiddle, kEnd };

struct LabelRequest {
  double x = 0;  // the point labelled
  double y = 0;
  double clearance = 4;  // the marker's half-width: the label keeps this far from the point
  double width = 0;      // the text's box
  double height = 0;
  // Placed even when every position tried overlaps something (then where it overlaps least):
  // the label of a force the reader must be able to find.
  bool required = false;
  // What the marker covers (a point's disc, a bar); empty: the square `clearance` around the
  // point.
  Box marker;
};

struct PlacedLabel {
  bool placed = false;
  Box box;
  Anchor anchor = Anchor::kStart;
  // Set further off than beside the point: draw a leader line from the point to the box.
  bool leader = false;
};

// Places the labels in the order given (put the most important first), greedily: each at the
// first position around its point whose box lies inside `bounds`, overlaps no obstacle (fixed
// text), no request's marker and no label already placed, and reads as its own marker's: beside
// the point, it must lie much nearer that marker than any other (a label ending at its point but
// starting just after another would read as the other's); moved off, with a leader line, it
// keeps clear of other markers. The positions tried are right, left, above, below, the four
// diagonals, and above and below with the label's start or end over the point; then all of them
// again a line further out at a time, with a leader line. An optional label that fits nowhere is
// left out; a required one goes where it overlaps least. The result is in the order of
// `requests`.
std::vector<PlacedLabel> PlaceLabels(const std::vector<LabelRequest>& requests,
                                     const std::vector<Box>& obstacles, const Box& bounds);

}  // namespace foi::cli
