#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <string>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/commands/commands.h"
#include "cli/commands/connection.h"
#include "cli/rpc_errors.h"
#include "common/uuid.h"
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

// The rows of a two-column CSV file (`what` names the columns, e.g. "the file's force name, the
// force id") into `map`; a first row whose second cell is one of `headers` is a header. False,
// having said why, when the file does not read.
bool ReadPairs(const std::string& path, const char* what,
               std::initializer_list<absl::string_view> headers,
               google::protobuf::Map<std::string, std::string>& map) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read the file\n", path.c_str());
    return false;
  }
  bool ok = true;
  ingest::CsvReader reader([&](const ingest::CsvRecord& record) {
    if (record.fields.size() != 2) {
      std::fprintf(stderr, "%s:%lld: write two columns: %s\n", path.c_str(),
                   static_cast<long long>(record.row), what);
      ok = false;
      return;
    }
    const std::string value(absl::StripAsciiWhitespace(record.fields[1]));
    const std::string lower = absl::AsciiStrToLower(value);
    if (record.row == 1 && std::find(headers.begin(), headers.end(), lower) != headers.end()) {
      return;
    }
    map[record.fields[0]] = value;
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

// An .xlsx workbook is a ZIP file: known by its first bytes, whatever the file is called.
bool StartsLikeAWorkbook(std::ifstream& in) {
  char magic[4] = {};
  in.read(magic, sizeof magic);
  const bool zip = in.gcount() == 4 && std::string(magic, 4) == std::string("PK\x03\x04", 4);
  in.clear();
  in.seekg(0);
  return zip;
}

// "[#######.............]  35%" on one line of a terminal, redrawn in place.
void ShowProgress(const std::string& file, double fraction) {
  constexpr int kWidth = 30;
  const int done = static_cast<int>(fraction * kWidth);
  std::fprintf(stderr, "\r%s [%s%s] %3.0f%%", file.c_str(), std::string(done, '#').c_str(),
               std::string(kWidth - done, '.').c_str(), 100 * fraction);
}

// The header and the whole file, once: false when the server stopped taking it.
grpc::Status SendOnce(foi::v1::IngestService::Stub& stub, const std::string& file,
                      const foi::v1::ImportHeader& header,
                      foi::v1::ImportReturnsResponse& response) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(0, std::ios::end);
  const auto total = static_cast<double>(in.tellg());
  in.seekg(0);
  grpc::ClientContext context;
  Prepare(context);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  auto stream = stub.ImportReturns(&context, &response);
  foi::v1::ImportReturnsRequest message;
  *message.mutable_header() = header;
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
    if (terminal && total > 0) ShowProgress(file, sent / total);
  }
  if (terminal)
    std::fprintf(stderr, "\r%s: sent, waiting for the checks...%20s\n", file.c_str(), "");
  stream->WritesDone();
  return stream->Finish();
}

}  // namespace

int RunUpload(const std::string& ingest_address, const std::string& file,
              const UploadOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read the file\n", file.c_str());
    return 1;
  }
  foi::v1::ImportHeader header;
  header.set_format(StartsLikeAWorkbook(in) ? foi::v1::IMPORT_FORMAT_XLSX
                                            : foi::v1::IMPORT_FORMAT_CSV);
  header.set_source(options.source.empty() ? file : options.source);
  header.set_validate_only(options.validate_only);
  header.set_encoding(options.encoding);
  header.set_sheet(options.sheet);
  header.set_allow_hidden_content(options.allow_hidden_content);
  if (options.layout == "cases") {
    header.set_layout(foi::v1::IMPORT_LAYOUT_CASES);
  } else if (options.layout.empty() || options.layout == "figures") {
    header.set_layout(foi::v1::IMPORT_LAYOUT_FIGURES);
  } else {
    std::fprintf(stderr, "--layout=%s: write figures or cases\n", options.layout.c_str());
    return 2;
  }
  if (!AddPairs(options.columns, "column", *header.mutable_columns()) ||
      !AddPairs(options.defaults, "default", *header.mutable_defaults()) ||
      (!options.force_names_file.empty() &&
       !ReadPairs(options.force_names_file, "the file's force name, the force id",
                  {"force_id", "force id"}, *header.mutable_force_names())) ||
      (!options.labels_file.empty() &&
       !ReadPairs(options.labels_file, "the file's outcome label, what it means",
                  {"outcome", "outcome_types", "meaning"}, *header.mutable_outcome_labels()))) {
    return 2;
  }
  // One request id for every attempt: a retry after an unknown outcome stores nothing twice.
  header.set_request_id(NewUuid());
  auto stub = foi::v1::IngestService::NewStub(Connect(ingest_address));
  foi::v1::ImportReturnsResponse response;
  grpc::Status status;
  for (int attempt = 1;; ++attempt) {
    response.Clear();
    status = SendOnce(*stub, file, header, response);
    if (status.ok() || attempt == kRetryAttempts || !IsRetryable(ParseRpcError(status))) break;
    std::fprintf(stderr, "%s: %s; trying again\n", file.c_str(), status.error_message().c_str());
    std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
  }
  if (!status.ok()) {
    std::fputs(DescribeImportErrors(file, status).c_str(), stderr);
    return 1;
  }
  for (const foi::v1::Warning& warning : response.warnings()) {
    std::fputs(DescribeAtCell(file, warning.field(), "warning", warning.description()).c_str(),
               stderr);
  }
  std::printf("%s: %lld rows, %lld returns %s\n", file.c_str(),
              static_cast<long long>(response.rows()),
              static_cast<long long>(response.returns_imported()),
              options.validate_only ? "valid (nothing stored)" : "imported");
  return 0;
}

}  // namespace foi::cli
