#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "cli/commands/commands.h"
#include "cli/commands/connection.h"
#include "cli/rpc_errors.h"
#include "foi/v1/ingest_service.grpc.pb.h"

namespace foi::cli {

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
  auto stub = foi::v1::IngestService::NewStub(Connect(ingest_address));
  grpc::ClientContext context;
  Prepare(context);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  foi::v1::ImportReturnsResponse response;
  auto stream = stub->ImportReturns(&context, &response);
  foi::v1::ImportReturnsRequest message;
  message.mutable_header()->set_format(foi::v1::IMPORT_FORMAT_CSV);
  message.mutable_header()->set_source(options.source.empty() ? file : options.source);
  message.mutable_header()->set_validate_only(options.validate_only);
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
