// foictl: talk to the foi-outcomes services from a terminal.
//
//   foictl submit lancashire.json [more.json...]     submit returns written as JSON
//   foictl upload returns.csv [--source=...] [--validate_only]   import a spreadsheet
//   foictl compare --offence=ID --from=YYYY-MM-DD --to=YYYY-MM-DD --group=GROUP [--format=csv|json]
//   foictl funnel --offence=ID --from=... --to=... --group=GROUP --svg=out.svg
//   foictl returns list [--force=ID] [--offence=ID] [--status=active|withdrawn]
//
// Addresses come from --ingest_address / --stats_address, else $FOI_INGEST_ADDRESS /
// $FOI_STATS_ADDRESS, else 127.0.0.1:50051 / 127.0.0.1:50052. The API key comes from
// $FOI_API_KEY.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cli/funnel_svg.h"
#include "cli/rpc_errors.h"
#include "common/config.h"
#include "foi/v1/ingest_service.grpc.pb.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"

ABSL_FLAG(std::string, ingest_address, "", "ingest service host:port");
ABSL_FLAG(std::string, stats_address, "", "stats service host:port");
ABSL_FLAG(std::string, offence, "", "compare: offence id");
ABSL_FLAG(std::string, from, "", "compare: first day of the window (YYYY-MM-DD)");
ABSL_FLAG(std::string, to, "", "compare: last day of the window (YYYY-MM-DD)");
ABSL_FLAG(std::string, group, "", "compare: outcome group id, no-further-action or action-taken");
ABSL_FLAG(std::string, types, "", "compare: outcome types instead of a group, e.g. 15,16");
ABSL_FLAG(std::string, source, "", "upload: where the file came from (default: its name)");
ABSL_FLAG(bool, validate_only, false, "upload: check the file, store nothing");
ABSL_FLAG(std::string, format, "table", "compare: table, csv or json");
ABSL_FLAG(std::string, svg, "", "funnel: where to write the SVG");
ABSL_FLAG(std::string, force, "", "returns list: only this force");
ABSL_FLAG(std::string, status, "", "returns list: active or withdrawn");

namespace {

constexpr char kUsage[] =
    "foictl submit FILE.json...\n"
    "foictl upload FILE.csv [--source=TEXT] [--validate_only]\n"
    "foictl compare --offence=ID --from=DATE --to=DATE (--group=GROUP | --types=1,2) "
    "[--format=table|csv|json]\n"
    "foictl funnel --offence=ID --from=DATE --to=DATE (--group=GROUP | --types=1,2) --svg=FILE\n"
    "foictl returns list [--force=ID] [--offence=ID] [--status=active|withdrawn]";

std::shared_ptr<grpc::Channel> Connect(const std::string& flag, const char* env,
                                       const char* fallback) {
  return grpc::CreateChannel(foi::FlagOrEnv(flag, env, fallback),
                             grpc::InsecureChannelCredentials());
}

// Sets a deadline and, when $FOI_API_KEY is set, the key.
grpc::ClientContext* Prepare(grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (const char* key = std::getenv("FOI_API_KEY"); key != nullptr && *key != '\0') {
    context.AddMetadata("authorization", std::string("Bearer ") + key);
  }
  return &context;
}

int Submit(const std::vector<char*>& files) {
  auto stub = foi::v1::IngestService::NewStub(Connect(absl::GetFlag(FLAGS_ingest_address),
                                                      "FOI_INGEST_ADDRESS", "127.0.0.1:50051"));
  int failures = 0;
  for (const char* file : files) {
    std::ifstream in(file);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read the file\n", file);
      ++failures;
      continue;
    }
    std::stringstream json;
    json << in.rdbuf();
    foi::v1::SubmitReturnRequest request;
    if (auto parsed = google::protobuf::util::JsonStringToMessage(json.str(),
                                                                   request.mutable_foi_return());
        !parsed.ok()) {
      std::fprintf(stderr, "%s: not a FoiReturn in JSON: %s\n", file, parsed.ToString().c_str());
      ++failures;
      continue;
    }
    foi::v1::SubmitReturnResponse response;
    grpc::ClientContext context;
    const grpc::Status status = stub->SubmitReturn(Prepare(context), request, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "%s: %s", file, foi::cli::DescribeRpcError(status).c_str());
      ++failures;
      continue;
    }
    std::printf("%s: stored return %s version %d (%s)\n", file,
                response.foi_return().return_id().c_str(), response.foi_return().version(),
                response.foi_return().force_id().c_str());
  }
  return failures == 0 ? 0 : 1;
}

// Streams `file` to ImportReturns in 64 KiB chunks, with a progress line on a terminal.
// Errors print as `file:row:column: error: message`, the form editors and CI logs link.
int Upload(const char* file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read the file\n", file);
    return 1;
  }
  in.seekg(0, std::ios::end);
  const auto total = static_cast<double>(in.tellg());
  in.seekg(0);
  auto stub = foi::v1::IngestService::NewStub(Connect(absl::GetFlag(FLAGS_ingest_address),
                                                      "FOI_INGEST_ADDRESS", "127.0.0.1:50051"));
  grpc::ClientContext context;
  Prepare(context);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  foi::v1::ImportReturnsResponse response;
  auto stream = stub->ImportReturns(&context, &response);
  foi::v1::ImportReturnsRequest message;
  message.mutable_header()->set_format(foi::v1::IMPORT_FORMAT_CSV);
  const std::string source = absl::GetFlag(FLAGS_source);
  message.mutable_header()->set_source(source.empty() ? file : source);
  message.mutable_header()->set_validate_only(absl::GetFlag(FLAGS_validate_only));
  bool open = stream->Write(message);
  const bool terminal = isatty(fileno(stderr));
  std::string buffer(64 * 1024, '\0');
  double sent = 0;
  while (open && in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.gcount() == 0) break;
    message.set_chunk(buffer.data(), static_cast<size_t>(in.gcount()));
    open = stream->Write(message);
    sent += static_cast<double>(in.gcount());
    if (terminal && total > 0) std::fprintf(stderr, "\r%s: sent %3.0f%%", file, 100 * sent / total);
  }
  if (terminal) std::fprintf(stderr, "\r%s: sent, waiting for the checks...\n", file);
  stream->WritesDone();
  const grpc::Status status = stream->Finish();
  if (!status.ok()) {
    std::fputs(foi::cli::DescribeImportErrors(file, status).c_str(), stderr);
    return 1;
  }
  std::printf("%s: %lld rows, %lld returns %s\n", file, static_cast<long long>(response.rows()),
              static_cast<long long>(response.returns_imported()),
              absl::GetFlag(FLAGS_validate_only) ? "valid (nothing stored)" : "imported");
  return 0;
}

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
    case foi::v1::FUNNEL_POSITION_ABOVE_998: return "above 99.8%";
    case foi::v1::FUNNEL_POSITION_ABOVE_95: return "above 95%";
    case foi::v1::FUNNEL_POSITION_WITHIN: return "within";
    case foi::v1::FUNNEL_POSITION_BELOW_95: return "below 95%";
    case foi::v1::FUNNEL_POSITION_BELOW_998: return "below 99.8%";
    default: return "-";
  }
}

std::string Reason(foi::v1::ExclusionReason reason) {
  switch (reason) {
    case foi::v1::EXCLUSION_REASON_NO_RETURN: return "no return in the window";
    case foi::v1::EXCLUSION_REASON_PERIOD_NOT_COVERED: return "period not covered";
    case foi::v1::EXCLUSION_REASON_FIGURES_WITHHELD: return "figures withheld (not pooled)";
    default: return "other";
  }
}

// CompareForces with the request the flags describe; prints the error and returns false on
// failure.
bool FetchComparison(foi::v1::CompareForcesResponse& response) {
  auto stub = foi::v1::StatsService::NewStub(Connect(absl::GetFlag(FLAGS_stats_address),
                                                     "FOI_STATS_ADDRESS", "127.0.0.1:50052"));
  foi::v1::CompareForcesRequest request;
  request.set_offence_id(absl::GetFlag(FLAGS_offence));
  request.set_period_start(absl::GetFlag(FLAGS_from));
  request.set_period_end(absl::GetFlag(FLAGS_to));
  request.set_outcome_group(absl::GetFlag(FLAGS_group));
  for (absl::string_view type : absl::StrSplit(absl::GetFlag(FLAGS_types), ',', absl::SkipEmpty())) {
    request.add_outcome_types(std::string(type));
  }
  grpc::ClientContext context;
  const grpc::Status status = stub->CompareForces(Prepare(context), request, &response);
  if (!status.ok()) {
    std::fprintf(stderr, "compare: %s", foi::cli::DescribeRpcError(status).c_str());
    return false;
  }
  return true;
}

void PrintCsv(const foi::v1::CompareForcesResponse& response) {
  std::printf("force,reports,count_min,count_max,rate,ci_lower,ci_upper,funnel,rank\n");
  auto optional = [](bool has, double value) {
    return has ? absl::StrFormat("%.6f", value) : std::string();
  };
  auto print_row = [&](const std::string& name, const foi::v1::ForceComparison& row) {
    std::printf("%s,%lld,%lld,%lld,%s,%s,%s,%s,%s\n", name.c_str(),
                static_cast<long long>(row.reports()), static_cast<long long>(row.count_min()),
                static_cast<long long>(row.count_max()), optional(row.has_rate(), row.rate()).c_str(),
                optional(row.has_ci_lower(), row.ci_lower()).c_str(),
                optional(row.has_ci_upper(), row.ci_upper()).c_str(),
                foi::v1::FunnelPosition_Name(row.comparison()).c_str(),
                row.rank() > 0 ? std::to_string(row.rank()).c_str() : "");
  };
  for (const auto& row : response.rows()) print_row(row.force_id(), row);
  print_row("national", response.national());
}

int Compare() {
  foi::v1::CompareForcesResponse response;
  if (!FetchComparison(response)) return 1;
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format == "json") {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
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
  std::printf("%-22s %8s %9s %12s %17s %-12s %4s\n", "force", "reports", "count", "rate",
              "95% CI", "funnel", "rank");
  auto print_row = [](const std::string& name, const foi::v1::ForceComparison& row) {
    const std::string ci = row.has_ci_lower() ? absl::StrFormat("%.1f-%.1f%%", 100 * row.ci_lower(),
                                                                100 * row.ci_upper())
                                              : "-";
    std::printf("%-22s %8lld %9s %12s %17s %-12s %4s\n", name.c_str(),
                static_cast<long long>(row.reports()), Count(row).c_str(), Rate(row).c_str(),
                ci.c_str(), Position(row.comparison()).c_str(),
                row.rank() > 0 ? std::to_string(row.rank()).c_str() : "-");
  };
  for (const auto& row : response.rows()) print_row(row.force_id(), row);
  print_row("national (exact rows)", response.national());
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
              response.as_of().c_str());
  return 0;
}

int Funnel() {
  const std::string path = absl::GetFlag(FLAGS_svg);
  if (path.empty()) {
    std::fprintf(stderr, "funnel: give --svg=FILE\n");
    return 2;
  }
  foi::v1::CompareForcesResponse response;
  if (!FetchComparison(response)) return 1;
  std::ofstream out(path);
  out << foi::cli::FunnelSvg(
      response, absl::StrCat(absl::GetFlag(FLAGS_offence), ": ", absl::GetFlag(FLAGS_group),
                             absl::GetFlag(FLAGS_types), ", ", absl::GetFlag(FLAGS_from), " to ",
                             absl::GetFlag(FLAGS_to)));
  if (!out) {
    std::fprintf(stderr, "funnel: cannot write %s\n", path.c_str());
    return 1;
  }
  std::printf("wrote %s (%d forces)\n", path.c_str(), response.rows_size());
  return 0;
}

int ListReturns() {
  auto stub = foi::v1::IngestService::NewStub(Connect(absl::GetFlag(FLAGS_ingest_address),
                                                      "FOI_INGEST_ADDRESS", "127.0.0.1:50051"));
  foi::v1::ListReturnsRequest request;
  request.set_force_id(absl::GetFlag(FLAGS_force));
  request.set_offence_id(absl::GetFlag(FLAGS_offence));
  const std::string status_filter = absl::GetFlag(FLAGS_status);
  if (!status_filter.empty()) {
    foi::v1::ReturnStatus status;
    if (!foi::v1::ReturnStatus_Parse("RETURN_STATUS_" + absl::AsciiStrToUpper(status_filter),
                                     &status)) {
      std::fprintf(stderr, "returns list: --status must be active or withdrawn\n");
      return 2;
    }
    request.set_status(status);
  }
  request.set_page_size(500);
  std::printf("%-36s %3s %-10s %-20s %-33s %-23s %7s\n", "return id", "ver", "status", "force",
              "offence", "period", "reports");
  do {
    foi::v1::ListReturnsResponse response;
    grpc::ClientContext context;
    const grpc::Status status = stub->ListReturns(Prepare(context), request, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "returns list: %s", foi::cli::DescribeRpcError(status).c_str());
      return 1;
    }
    for (const auto& r : response.returns()) {
      std::string state = foi::v1::ReturnStatus_Name(r.status()).substr(strlen("RETURN_STATUS_"));
      std::printf("%-36s %3d %-10s %-20s %-33s %-23s %7lld\n", r.return_id().c_str(), r.version(),
                  absl::AsciiStrToLower(state).c_str(), r.force_id().c_str(), r.offence_id().c_str(),
                  absl::StrCat(r.period_start(), "..", r.period_end()).c_str(),
                  static_cast<long long>(r.total_reports()));
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() >= 2 && std::string(args[1]) == "submit" && args.size() >= 3) {
    return Submit({args.begin() + 2, args.end()});
  }
  if (args.size() == 2 && std::string(args[1]) == "compare") return Compare();
  if (args.size() == 3 && std::string(args[1]) == "upload") return Upload(args[2]);
  if (args.size() == 2 && std::string(args[1]) == "funnel") return Funnel();
  if (args.size() == 3 && std::string(args[1]) == "returns" && std::string(args[2]) == "list") {
    return ListReturns();
  }
  std::fprintf(stderr, "usage:\n%s\n", kUsage);
  return 2;
}
