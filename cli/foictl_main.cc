// foictl: talk to the foi-outcomes services from a terminal.
//
//   foictl submit lancashire.json [more.json...]     submit returns written as JSON
//   foictl upload returns.csv [--source=...] [--validate_only]   import a spreadsheet
//   foictl compare --offence=ID --from=YYYY-MM-DD --to=YYYY-MM-DD --group=GROUP
//
// Addresses come from --ingest_address / --stats_address, else $FOI_INGEST_ADDRESS /
// $FOI_STATS_ADDRESS, else 127.0.0.1:50051 / 127.0.0.1:50052. The API key comes from
// $FOI_API_KEY.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>
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

namespace {

constexpr char kUsage[] =
    "foictl submit FILE.json...\n"
    "foictl upload FILE.csv [--source=TEXT] [--validate_only]\n"
    "foictl compare --offence=ID --from=DATE --to=DATE (--group=GROUP | --types=1,2)";

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

int Compare() {
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
  foi::v1::CompareForcesResponse response;
  grpc::ClientContext context;
  const grpc::Status status = stub->CompareForces(Prepare(context), request, &response);
  if (!status.ok()) {
    std::fprintf(stderr, "compare: %s", foi::cli::DescribeRpcError(status).c_str());
    return 1;
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

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() >= 2 && std::string(args[1]) == "submit" && args.size() >= 3) {
    return Submit({args.begin() + 2, args.end()});
  }
  if (args.size() == 2 && std::string(args[1]) == "compare") return Compare();
  if (args.size() == 3 && std::string(args[1]) == "upload") return Upload(args[2]);
  std::fprintf(stderr, "usage:\n%s\n", kUsage);
  return 2;
}
