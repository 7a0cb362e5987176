#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cli/commands/commands.h"
#include "cli/commands/connection.h"
#include "cli/rpc_errors.h"
#include "foi/v1/ingest_service.grpc.pb.h"

namespace foi::cli {

int RunReturnsList(const std::string& ingest_address, const ReturnsFilter& filter) {
  auto stub = foi::v1::IngestService::NewStub(Connect(ingest_address));
  foi::v1::ListReturnsRequest request;
  request.set_force_id(filter.force_id);
  request.set_offence_id(filter.offence_id);
  if (!filter.status.empty()) {
    foi::v1::ReturnStatus status;
    if (!foi::v1::ReturnStatus_Parse("RETURN_STATUS_" + absl::AsciiStrToUpper(filter.status),
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
      std::fprintf(stderr, "returns list: %s", DescribeRpcError(status).c_str());
      return 1;
    }
    for (const auto& r : response.returns()) {
      std::string state = foi::v1::ReturnStatus_Name(r.status()).substr(strlen("RETURN_STATUS_"));
      std::printf("%-36s %3d %-10s %-20s %-33s %-23s %7lld\n", r.return_id().c_str(), r.version(),
                  absl::AsciiStrToLower(state).c_str(), r.force_id().c_str(),
                  r.offence_id().c_str(),
                  absl::StrCat(r.period_start(), "..", r.period_end()).c_str(),
                  static_cast<long long>(r.total_reports()));
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return 0;
}

}  // namespace foi::cli
