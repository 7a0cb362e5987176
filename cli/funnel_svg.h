// File: cli/funnel_svg.h
//
// A funnel plot of a comparison as an SVG document: a point per force with an exact rate
// (reports across, rate up), the national rate, the 95% and 99.8% control limits, and the name
// of every force outside the 95% limits.
#pragma once

#include <string>

#include "foi/v1/stats_service.pb.h"

namespace foi::cli {

std::string FunnelSvg(const foi::v1::CompareForcesResponse& comparison, const std::string& title);

}  // namespace foi::cli
