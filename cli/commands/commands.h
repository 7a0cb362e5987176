// File: cli/commands/commands.h
//
// foictl's subcommands, one file each beside this header. foictl_main.cc reads the flags and
// calls one of these with what they say. Each returns the process's exit status: 0 when done,
// 1 when a call or a file failed (the error is on stderr), 2 when the arguments are wrong.
//
//   foi::cli::RunCompare("127.0.0.1:50052",
//                        {.offence_id = "disclosing-private-sexual-images", .from = "2016-04-01",
//                         .to = "2017-03-31", .group = "charged-summonsed",
//                         .method = "additive"},
//                        "csv");
#pragma once

#include <string>
#include <vector>

#include "cli/commands/fetch_comparison.h"

namespace foi::cli {

// submit: each file a FoiReturn in JSON, sent by SubmitReturn with a request id of its own,
// and sent again (same id, so never stored twice) while the service answers that it is busy
// or starting; the other files are still sent when one fails.
int RunSubmit(const std::string& ingest_address, const std::vector<std::string>& files);

struct UploadOptions {
  std::string source;  // where the file came from; empty: the file's name
  bool validate_only = false;
  std::vector<std::string> columns;   // each `name=Header text`
  std::vector<std::string> defaults;  // each `name=value`
  std::string force_names_file;       // a CSV file: the file's force name, force id
  std::string encoding;               // "utf-8" (or empty) or "windows-1252"
  std::string layout;                 // "figures" (or empty) or "cases"
  std::string labels_file;            // a CSV file: the file's outcome label, what it means
  std::string sheet;                  // .xlsx: the sheet to read; empty: the first visible
  bool allow_hidden_content = false;  // .xlsx: import despite hidden content, leaving it out
};

// upload: a CSV file or an .xlsx workbook (known by its content) streamed to ImportReturns,
// with a progress bar on a terminal, under one request id (retried on the errors
// IsRetryable names). Errors print as `file:row:column: error: message`, the form editors and
// CI logs link (`file:Reply!C7: error: ...` in a workbook). A `columns` or `defaults` entry
// without '=', an unknown layout, or a force names or labels file that does not read, is 2.
int RunUpload(const std::string& ingest_address, const std::string& file,
              const UploadOptions& options);

// compare: the comparison as a table, with the funnel method and its overdispersion estimate
// (phi, tau^2, whether applied) on a line under it, or as "csv" (those in columns of every row)
// or "json" (every field). An unknown `query.method` is 2, before the call; any other `format`
// is 2 after it (so a failed call is still 1).
int RunCompare(const std::string& stats_address, const ComparisonQuery& query,
               const std::string& format);

// funnel: the comparison as a funnel plot in an SVG file (FunnelSvg), with the limits of
// `query.method`, titled and labelled with the catalogue's names of the offence, the outcome
// group and the forces. An empty `svg_path` or an unknown method is 2.
int RunFunnel(const std::string& stats_address, const ComparisonQuery& query,
              const std::string& svg_path);

struct ReturnsFilter {
  std::string force_id;    // empty: every force
  std::string offence_id;  // empty: every offence
  std::string status;      // "active", "withdrawn"...: a ReturnStatus, any case; empty: any
};

// returns list: every stored return the filter lets through, as a table, a page at a time.
int RunReturnsList(const std::string& ingest_address, const ReturnsFilter& filter);

}  // namespace foi::cli
