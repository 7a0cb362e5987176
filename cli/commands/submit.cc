#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands/commands.h"
#include "cli/commands/connection.h"
#include "cli/rpc_errors.h"
#include "common/uuid.h"
#include "foi/v1/ingest_service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"

namespace foi::cli {

int RunSubmit(const std::string& ingest_address, const std::vector<std::string>& files) {
  auto stub = foi::v1::IngestService::NewStub(Connect(ingest_address));
  int failures = 0;
  for (const std::string& file : files) {
    std::ifstream in(file);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read the file\n", file.c_str());
      ++failures;
      continue;
    }
    std::stringstream json;
    json << in.rdbuf();
    foi::v1::SubmitReturnRequest request;
    if (auto parsed =
            google::protobuf::util::JsonStringToMessage(json.str(), request.mutable_foi_return());
        !parsed.ok()) {
      std::fprintf(stderr, "%s: not a FoiReturn in JSON: %s\n", file.c_str(),
                   parsed.ToString().c_str());
      ++failures;
      continue;
    }
    // One request id for every attempt: a retry after an unknown outcome stores nothing twice.
    request.set_request_id(NewUuid());
    foi::v1::SubmitReturnResponse response;
    grpc::Status status;
    for (int attempt = 1;; ++attempt) {
      grpc::ClientContext context;
      status = stub->SubmitReturn(Prepare(context), request, &response);
      if (status.ok() || attempt == kRetryAttempts || !IsRetryable(ParseRpcError(status))) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
    }
    if (!status.ok()) {
      std::fprintf(stderr, "%s: %s", file.c_str(), DescribeRpcError(status).c_str());
      ++failures;
      continue;
    }
    for (const foi::v1::Warning& warning : response.warnings()) {
      std::fprintf(stderr, "%s: warning: %s: %s\n", file.c_str(), warning.field().c_str(),
                   warning.description().c_str());
    }
    std::printf("%s: stored return %s version %d (%s)\n", file.c_str(),
                response.foi_return().return_id().c_str(), response.foi_return().version(),
                response.foi_return().force_id().c_str());
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace foi::cli
