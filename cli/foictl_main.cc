// foictl: talk to the foi-outcomes services from a terminal. kUsage below lists the
// subcommands; each lives in cli/commands/.
//
// Addresses come from --ingest_address / --stats_address, else $FOI_INGEST_ADDRESS /
// $FOI_STATS_ADDRESS, else 127.0.0.1:50051 / 127.0.0.1:50052. The API key comes from
// $FOI_API_KEY.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "cli/commands/commands.h"
#include "common/config.h"

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

std::string IngestAddress() {
  return foi::FlagOrEnv(absl::GetFlag(FLAGS_ingest_address), "FOI_INGEST_ADDRESS",
                        "127.0.0.1:50051");
}

std::string StatsAddress() {
  return foi::FlagOrEnv(absl::GetFlag(FLAGS_stats_address), "FOI_STATS_ADDRESS", "127.0.0.1:50052");
}

foi::cli::ComparisonQuery ComparisonQueryOfFlags() {
  return {.offence_id = absl::GetFlag(FLAGS_offence),
          .from = absl::GetFlag(FLAGS_from),
          .to = absl::GetFlag(FLAGS_to),
          .group = absl::GetFlag(FLAGS_group),
          .types = absl::GetFlag(FLAGS_types)};
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  const std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string command = args.size() >= 2 ? args[1] : "";
  if (command == "submit" && args.size() >= 3) {
    return foi::cli::RunSubmit(IngestAddress(),
                               std::vector<std::string>(args.begin() + 2, args.end()));
  }
  if (command == "upload" && args.size() == 3) {
    return foi::cli::RunUpload(IngestAddress(), args[2],
                               {.source = absl::GetFlag(FLAGS_source),
                                .validate_only = absl::GetFlag(FLAGS_validate_only)});
  }
  if (command == "compare" && args.size() == 2) {
    return foi::cli::RunCompare(StatsAddress(), ComparisonQueryOfFlags(),
                                absl::GetFlag(FLAGS_format));
  }
  if (command == "funnel" && args.size() == 2) {
    return foi::cli::RunFunnel(StatsAddress(), ComparisonQueryOfFlags(), absl::GetFlag(FLAGS_svg));
  }
  if (command == "returns" && args.size() == 3 && std::string(args[2]) == "list") {
    return foi::cli::RunReturnsList(IngestAddress(), {.force_id = absl::GetFlag(FLAGS_force),
                                                      .offence_id = absl::GetFlag(FLAGS_offence),
                                                      .status = absl::GetFlag(FLAGS_status)});
  }
  std::fprintf(stderr, "usage:\n%s\n", kUsage);
  return 2;
}
