#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/commands/commands.h"
#include "cli/commands/fetch_comparison.h"
#include "cli/funnel_svg.h"
#include "foi/v1/stats_service.pb.h"

namespace foi::cli {

int RunFunnel(const std::string& stats_address, const ComparisonQuery& query,
              const std::string& svg_path) {
  if (svg_path.empty()) {
    std::fprintf(stderr, "funnel: give --svg=FILE\n");
    return 2;
  }
  foi::v1::CompareForcesResponse response;
  if (!FetchComparison(stats_address, query, response)) return 1;
  std::ofstream out(svg_path);
  out << FunnelSvg(response, absl::StrCat(query.offence_id, ": ", query.group, query.types, ", ",
                                          query.from, " to ", query.to));
  if (!out) {
    std::fprintf(stderr, "funnel: cannot write %s\n", svg_path.c_str());
    return 1;
  }
  std::printf("wrote %s (%d forces)\n", svg_path.c_str(), response.rows_size());
  return 0;
}

}  // namespace foi::cli
