#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/commands/commands.h"
#include "cli/commands/connection.h"
#include "cli/rpc_errors.h"
#include "foi/v1/ingest_service.grpc.pb.h"
#include "ingest-service/src/csv_reader.h"

namespace foi::cli {
namespace {

// Each `name=value` of `entries` into `map`; false (having said why) for one without '='.
bool AddPairs(const std::vector<std::string>& entries, const char* flag,
              google::protobuf::Map<std::string, std::string>& map) {
  for (const std::string& entry : entries) {
    const std::pair<std::string, std::string> pair = absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (entry.find('=') == std::string::npos || pair.first.empty()) {
      std::fprintf(stderr, "--%s %s: write it as name=value\n", flag, entry.c_str());
      return false;
    }
    map[std::string(absl::StripAsciiWhitespace(pair.first))] = pair.second;
  }
  return true;
}

// The rows of a two-column CSV file (the file's force name, force id) into `map`; a first
// row whose second cell is "force_id" or "force id" is a header. False, having said why, when
// the file does not read.
bool ReadForceNames(const std::string& path, google::protobuf::Map<std::string, std::string>& map) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read the file\n", path.c_str());
    return false;
  }
  bool ok = true;
  ingest::CsvReader reader([&](const ingest::CsvRecord& record) {
    if (record.fields.size() != 2) {
      std::fprintf(stderr, "%s:%lld: write two columns: the name, the force id\n", path.c_str(),
                   static_cast<long long>(record.row));
      ok = false;
      return;
    }
    const std::string force_id(absl::StripAsciiWhitespace(record.fields[1]));
    const std::string lower = absl::AsciiStrToLower(force_id);
    if (record.row == 1 && (lower == "force_id" || lower == "force id")) return;
    map[record.fields[0]] = force_id;
  });
  std::string buffer(64 * 1024, '\0');
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    reader.Feed(absl::string_view(buffer.data(), static_cast<size_t>(in.gcount())));
  }
  reader.Finish();
  for (const ingest::CsvError& error : reader.errors()) {
    std::fprintf(stderr, "%s:%lld:%d: %s\n", path.c_str(), static_cast<long long>(error.row),
                 error.column, error.message.c_str());
    ok = false;
  }
  return ok;
}

}  // namespace

int RunUpload(const std::string& ingest_address, const std::string& file,
              const UploadOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read the file\n", file.c_str());
    return 1;
  }
  in.seekg(0, std::ios::end);
  const auto total = static_cast<double>(in.tellg());
  in.seekg(0);
  foi::v1::ImportReturnsRequest message;
  foi::v1::ImportHeader& header = *message.mutable_header();
  header.set_format(foi::v1::IMPORT_FORMAT_CSV);
  header.set_source(options.source.empty() ? file : options.source);
  header.set_validate_only(options.validate_only);
  header.set_encoding(options.encoding);
  if (!AddPairs(options.columns, "column", *header.mutable_columns()) ||
      !AddPairs(options.defaults, "default", *header.mutable_defaults()) ||
      (!options.force_names_file.empty() &&
       !ReadForceNames(options.force_names_file, *header.mutable_force_names()))) {
    return 2;
  }
  auto stub = foi::v1::IngestService::NewStub(Connect(ingest_address));
  grpc::ClientContext context;
  Prepare(context);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  foi::v1::ImportReturnsResponse response;
  auto stream = stub->ImportReturns(&context, &response);
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
    if (terminal && total > 0) {
      std::fprintf(stderr, "\r%s: sent %3.0f%%", file.c_str(), 100 * sent / total);
    }
  }
  if (terminal) std::fprintf(stderr, "\r%s: sent, waiting for the checks...\n", file.c_str());
  stream->WritesDone();
  const grpc::Status status = stream->Finish();
  if (!status.ok()) {
    std::fputs(DescribeImportErrors(file, status).c_str(), stderr);
    return 1;
  }
  for (const foi::v1::Warning& warning : response.warnings()) {
    long long row = 0, column = 0;
    if (std::sscanf(warning.field().c_str(), "rows[%lld].columns[%lld]", &row, &column) == 2) {
      std::fprintf(stderr, "%s:%lld:%lld: warning: %s\n", file.c_str(), row, column,
                   warning.description().c_str());
    } else {
      std::fprintf(stderr, "%s: warning: %s: %s\n", file.c_str(), warning.field().c_str(),
                   warning.description().c_str());
    }
  }
  std::printf("%s: %lld rows, %lld returns %s\n", file.c_str(),
              static_cast<long long>(response.rows()),
              static_cast<long long>(response.returns_imported()),
              options.validate_only ? "valid (nothing stored)" : "imported");
  return 0;
}

}  // namespace foi::cli
