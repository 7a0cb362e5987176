#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "cli/commands/commands.h"
#include "cli/commands/fetch_comparison.h"
#include "cli/funnel_svg.h"
#include "foi/v1/stats_service.pb.h"

namespace foi::cli {
namespace {

std::string NameOr(const std::map<std::string, std::string>& names, const std::string& id) {
  const auto named = names.find(id);
  return named != names.end() ? named->second : id;
}

// Which reports the rate counts, in words: "reports closed with no further action".
std::string NumeratorText(const ComparisonQuery& query, const CatalogueNames& names) {
  if (!query.types.empty()) {
    return absl::StrCat("reports with outcome types ",
                        absl::StrReplaceAll(query.types, {{",", ", "}}));
  }
  if (query.group == "no-further-action") return "reports closed with no further action";
  if (query.group == "action-taken") return "reports where action was taken";
  // In curly quotes (UTF-8): reports with the outcome “Charged/summonsed”.
  return absl::StrCat("reports with the outcome \xE2\x80\x9C",
                      NameOr(names.outcome_groups, query.group), "\xE2\x80\x9D");
}

}  // namespace

int RunFunnel(const std::string& stats_address, const ComparisonQuery& query,
              const std::string& svg_path) {
  if (svg_path.empty()) {
    std::fprintf(stderr, "funnel: give --svg=FILE\n");
    return 2;
  }
  foi::v1::CompareForcesResponse response;
  if (const int status = FetchComparison(stats_address, query, response); status != 0) {
    return status;
  }
  const CatalogueNames names = FetchCatalogueNames(stats_address, "funnel");
  const std::string numerator = NumeratorText(query, names);
  FunnelSvgOptions options{
      .title = absl::StrCat(NameOr(names.offences, query.offence_id), ": ", numerator,
                            ", by force, ", query.from, " to ", query.to),
      .rate_axis_title = numerator,
      .force_names = names.forces};
  options.rate_axis_title[0] =
      static_cast<char>(std::toupper(static_cast<unsigned char>(options.rate_axis_title[0])));
  std::ofstream out(svg_path);
  out << FunnelSvg(response, options);
  if (!out) {
    std::fprintf(stderr, "funnel: cannot write %s\n", svg_path.c_str());
    return 1;
  }
  std::printf("wrote %s (%d forces)\n", svg_path.c_str(), response.rows_size());
  return 0;
}

}  // namespace foi::cli
