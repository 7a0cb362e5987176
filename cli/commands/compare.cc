#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/commands/commands.h"
#include "cli/commands/fetch_comparison.h"
#include "cli/comparison_text.h"
#include "foi/v1/stats_service.pb.h"
#include "google/protobuf/util/json_util.h"

namespace foi::cli {
namespace {

std::string Rate(const foi::v1::ForceComparison& row) {
  if (row.has_rate()) return absl::StrFormat("%.1f%%", 100 * row.rate());
  if (row.reports() == 0) return "-";
  return absl::StrFormat("%.1f-%.1f%%", 100.0 * row.count_min() / row.reports(),
                         100.0 * row.count_max() / row.reports());
}

std::string Count(const foi::v1::ForceComparison& row) {
  if (row.has_count()) return std::to_string(row.count());
  return absl::StrFormat("%d-%d", row.count_min(), row.count_max());
}

std::string Position(foi::v1::FunnelPosition position) {
  switch (position) {
    case foi::v1::FUNNEL_POSITION_ABOVE_998:
      return "above 99.8%";
    case foi::v1::FUNNEL_POSITION_ABOVE_95:
      return "above 95%";
    case foi::v1::FUNNEL_POSITION_WITHIN:
      return "within";
    case foi::v1::FUNNEL_POSITION_BELOW_95:
      return "below 95%";
    case foi::v1::FUNNEL_POSITION_BELOW_998:
      return "below 99.8%";
    case foi::v1::FUNNEL_POSITION_UNDETERMINED:
      return "undetermined";
    default:
      return "-";
  }
}

std::string Reason(foi::v1::ExclusionReason reason) {
  switch (reason) {
    case foi::v1::EXCLUSION_REASON_NO_RETURN:
      return "no return in the window";
    case foi::v1::EXCLUSION_REASON_PERIOD_NOT_COVERED:
      return "period not covered";
    case foi::v1::EXCLUSION_REASON_FIGURES_WITHHELD:
      return "figures withheld (not pooled)";
    default:
      return "other";
  }
}

// Every row repeats the comparison's funnel method and overdispersion estimate, so that the
// file stays one table.
void PrintCsv(const foi::v1::CompareForcesResponse& response) {
  std::printf(
      "force,reports,count_min,count_max,rate,ci_lower,ci_upper,funnel,rank,funnel_method,phi,"
      "tau_squared,overdispersion_applied\n");
  auto optional = [](bool has, double value) {
    return has ? absl::StrFormat("%.6f", value) : std::string();
  };
  const foi::v1::Overdispersion& estimate = response.overdispersion();
  const std::string method_columns = absl::StrFormat(
      "%s,%.6g,%.6g,%s", foi::v1::FunnelMethod_Name(response.funnel_method()), estimate.phi(),
      estimate.tau_squared(), estimate.applied() ? "true" : "false");
  auto print_row = [&](const std::string& name, const foi::v1::ForceComparison& row) {
    std::printf("%s,%lld,%lld,%lld,%s,%s,%s,%s,%s,%s\n", name.c_str(),
                static_cast<long long>(row.reports()), static_cast<long long>(row.count_min()),
                static_cast<long long>(row.count_max()),
                optional(row.has_rate(), row.rate()).c_str(),
                optional(row.has_ci_lower(), row.ci_lower()).c_str(),
                optional(row.has_ci_upper(), row.ci_upper()).c_str(),
                foi::v1::FunnelPosition_Name(row.funnel_position()).c_str(),
                row.rank() > 0 ? std::to_string(row.rank()).c_str() : "", method_columns.c_str());
  };
  for (const auto& row : response.rows()) print_row(row.force_id(), row);
  print_row("national", response.national());
}

void PrintTable(const foi::v1::CompareForcesResponse& response) {
  std::printf("%-22s %8s %9s %12s %17s %-12s %4s\n", "force", "reports", "count", "rate", "95% CI",
              "funnel", "rank");
  auto print_row = [](const std::string& name, const foi::v1::ForceComparison& row) {
    const std::string ci = row.has_ci_lower() ? absl::StrFormat("%.1f-%.1f%%", 100 * row.ci_lower(),
                                                                100 * row.ci_upper())
                                              : "-";
    std::printf("%-22s %8lld %9s %12s %17s %-12s %4s\n", name.c_str(),
                static_cast<long long>(row.reports()), Count(row).c_str(), Rate(row).c_str(),
                ci.c_str(), Position(row.funnel_position()).c_str(),
                row.rank() > 0 ? std::to_string(row.rank()).c_str() : "-");
  };
  for (const auto& row : response.rows()) print_row(row.force_id(), row);
  print_row("national (exact rows)", response.national());
  std::printf("funnel limits: %s; %s\n", FunnelMethodName(response.funnel_method()).c_str(),
              OverdispersionText(response, Symbols::kAscii).c_str());
  std::map<std::string, std::vector<std::string>> excluded;
  for (const auto& exclusion : response.excluded()) {
    excluded[Reason(exclusion.reason())].push_back(exclusion.force_id());
  }
  for (const auto& [reason, forces] : excluded) {
    std::printf("excluded, %s: %s\n", reason.c_str(),
                forces.size() > 6 ? absl::StrCat(forces.size(), " forces").c_str()
                                  : absl::StrJoin(forces, ", ").c_str());
  }
  std::printf("data version %lld, as of %s\n", static_cast<long long>(response.data_version()),
              AsOfText(response.as_of()).c_str());
}

}  // namespace

int RunCompare(const std::string& stats_address, const ComparisonQuery& query,
               const std::string& format) {
  foi::v1::CompareForcesResponse response;
  if (const int status = FetchComparison(stats_address, query, response); status != 0) {
    return status;
  }
  if (format == "json") {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    // Every field, zeros and false included (tau_squared 0, applied false): a reader finds the
    // same keys whatever the method.
    options.always_print_primitive_fields = true;
    (void)google::protobuf::util::MessageToJsonString(response, &json, options);
    std::fputs(json.c_str(), stdout);
    return 0;
  }
  if (format == "csv") {
    PrintCsv(response);
    return 0;
  }
  if (format != "table") {
    std::fprintf(stderr, "compare: --format must be table, csv or json\n");
    return 2;
  }
  PrintTable(response);
  return 0;
}

}  // namespace foi::cli
