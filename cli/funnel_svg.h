// File: cli/funnel_svg.h
//
// A funnel plot of a comparison as an SVG document fit to print: the forces' rates against their
// numbers of reports, the national rate and the 95% and 99.8% control limits drawn by the
// comparison's method, each force named (by the catalogue's names), round ticks on both axes,
// a legend below the plot and a caption with the method, its overdispersion estimate and the
// snapshot the figures come from. A force whose figures fix its rate is a point; one whose
// figures leave the count open is a bar from its lowest to its highest possible rate. Every
// point and bar carries a <title> (shown on hover) with the force's figures. Labels go where
// PlaceLabels (plot_layout.h) finds room: always for the forces beyond the 95% limits and the
// inexact ones, for the others where they fit; the caption names those left unlabelled.
//
//   FunnelSvgOptions options{.title = "Disclosing private sexual images: reports closed with no "
//                                     "further action, by force, 2015-04-01 to 2017-04-30",
//                            .force_names = {{"lancashire", "Lancashire Constabulary"}}};
//   std::string svg = FunnelSvg(response, options);
#pragma once

#include <map>
#include <string>

#include "foi/v1/stats_service.pb.h"

namespace foi::cli {

struct FunnelSvgOptions {
  // Above the plot, wrapped to its width: what is compared, over which window.
  std::string title;
  // Up the side: what the rate is a share of.
  std::string rate_axis_title = "Share of reports";
  // Force id -> name; a force not in it is shown by its id.
  std::map<std::string, std::string> force_names;
};

std::string FunnelSvg(const foi::v1::CompareForcesResponse& comparison,
                      const FunnelSvgOptions& options);

}  // namespace foi::cli
