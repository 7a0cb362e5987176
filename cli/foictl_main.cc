// foictl: talk to the foi-outcomes services from a terminal. kUsage below lists the
// subcommands; each lives in cli/commands/.
//
// Addresses come from --ingest_address / --stats_address, else $FOI_INGEST_ADDRESS /
// $FOI_STATS_ADDRESS, else 127.0.0.1:50051 / 127.0.0.1:50052. The API key comes from
// $FOI_API_KEY.
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
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
ABSL_FLAG(std::string, method, "binomial",
          "compare, funnel: how the funnel limits are drawn: binomial, exact, additive or "
          "multiplicative");
ABSL_FLAG(std::string, source, "", "upload: where the file came from (default: its name)");
ABSL_FLAG(bool, validate_only, false, "upload: check the file, store nothing");
ABSL_FLAG(std::vector<std::string>, column, {},
          "upload: name=\"Header text\": the file's header for one of the product's columns "
          "(repeat the flag for more)");
ABSL_FLAG(std::vector<std::string>, default, {},
          "upload: name=value: the value of a column for every row that has none (repeat the "
          "flag for more)");
ABSL_FLAG(std::string, force_names, "",
          "upload: a CSV file of two columns, the file's force name and the force id (also "
          "--force-names)");
ABSL_FLAG(std::string, encoding, "",
          "upload: the file's encoding, utf-8 (default) or windows-1252");
ABSL_FLAG(std::string, layout, "figures",
          "upload: figures (a row per figure) or cases (a row per report, counted)");
ABSL_FLAG(std::string, labels, "",
          "upload: a CSV file of two columns, the file's outcome label and what it means "
          "(outcome types such as 2+3, a group id, not-yet-assigned, unaccounted, unknown or "
          "not-a-report)");
ABSL_FLAG(std::string, sheet, "",
          "upload: the sheet of an .xlsx to read (default: the first "
          "visible one)");
ABSL_FLAG(bool, allow_hidden_content, false,
          "upload: import an .xlsx despite hidden sheets, rows, columns or comments, leaving "
          "them out (also --allow-hidden-content)");
ABSL_FLAG(std::string, format, "table", "compare: table, csv or json");
ABSL_FLAG(std::string, svg, "", "funnel: where to write the SVG");
ABSL_FLAG(std::string, force, "", "returns list: only this force");
ABSL_FLAG(std::string, status, "", "returns list: active or withdrawn");

namespace {

constexpr char kUsage[] =
    "foictl submit FILE.json...\n"
    "foictl upload FILE.csv|FILE.xlsx [--source=TEXT] [--validate_only] [--layout=cases] "
    "[--column NAME=HEADER]... [--default NAME=VALUE]... [--labels=FILE.csv] "
    "[--force-names=FILE.csv] [--encoding=windows-1252] [--sheet=NAME] "
    "[--allow-hidden-content]\n"
    "foictl compare --offence=ID --from=DATE --to=DATE (--group=GROUP | --types=1,2) "
    "[--method=binomial|exact|additive|multiplicative] [--format=table|csv|json]\n"
    "foictl funnel --offence=ID --from=DATE --to=DATE (--group=GROUP | --types=1,2) "
    "[--method=binomial|exact|additive|multiplicative] --svg=FILE\n"
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
          .types = absl::GetFlag(FLAGS_types),
          .method = absl::GetFlag(FLAGS_method)};
}

// Abseil keeps only the last value of a flag given twice: takes every --column and --default
// (as --flag=value or --flag value) out of `argv` first, and reads flags written with dashes
// (--force-names, --allow-hidden-content) as Abseil names them, with underscores.
struct RepeatedFlags {
  std::vector<std::string> columns;
  std::vector<std::string> defaults;
};

RepeatedFlags TakeRepeatedFlags(int& argc, char** argv) {
  RepeatedFlags taken;
  static std::vector<std::string> renamed;  // outlives argv's use
  renamed.reserve(argc);
  int kept = 0;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    std::vector<std::string>* into = nullptr;
    std::string value;
    for (auto [flag, target] :
         {std::pair{"column", &taken.columns}, std::pair{"default", &taken.defaults}}) {
      for (const std::string dashes : {"-", "--"}) {
        if (arg == dashes + flag && i + 1 < argc) {
          into = target;
          value = argv[++i];
        } else if (arg.rfind(dashes + flag + "=", 0) == 0) {
          into = target;
          value = arg.substr(dashes.size() + std::string(flag).size() + 1);
        }
      }
    }
    if (into != nullptr) {
      into->push_back(value);
      continue;
    }
    for (const std::string dashed : {"--force-names", "--allow-hidden-content"}) {
      if (arg.rfind(dashed, 0) == 0) {
        std::string underscored = dashed;
        std::replace(underscored.begin() + 2, underscored.end(), '-', '_');
        renamed.push_back(underscored + arg.substr(dashed.size()));
        argv[i] = renamed.back().data();
      }
    }
    argv[kept++] = argv[i];
  }
  argc = kept;
  return taken;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  const RepeatedFlags repeated = TakeRepeatedFlags(argc, argv);
  const std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  absl::SetFlag(&FLAGS_column, repeated.columns);
  absl::SetFlag(&FLAGS_default, repeated.defaults);
  const std::string command = args.size() >= 2 ? args[1] : "";
  if (command == "submit" && args.size() >= 3) {
    return foi::cli::RunSubmit(IngestAddress(),
                               std::vector<std::string>(args.begin() + 2, args.end()));
  }
  if (command == "upload" && args.size() == 3) {
    return foi::cli::RunUpload(IngestAddress(), args[2],
                               {.source = absl::GetFlag(FLAGS_source),
                                .validate_only = absl::GetFlag(FLAGS_validate_only),
                                .columns = absl::GetFlag(FLAGS_column),
                                .defaults = absl::GetFlag(FLAGS_default),
                                .force_names_file = absl::GetFlag(FLAGS_force_names),
                                .encoding = absl::GetFlag(FLAGS_encoding),
                                .layout = absl::GetFlag(FLAGS_layout),
                                .labels_file = absl::GetFlag(FLAGS_labels),
                                .sheet = absl::GetFlag(FLAGS_sheet),
                                .allow_hidden_content = absl::GetFlag(FLAGS_allow_hidden_content)});
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
