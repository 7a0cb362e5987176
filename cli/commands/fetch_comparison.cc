#include "cli/commands/fetch_comparison.h"

#include <cstdio>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "cli/commands/connection.h"
#include "cli/rpc_errors.h"
#include "foi/v1/stats_service.grpc.pb.h"

namespace foi::cli {

bool FetchComparison(const std::string& stats_address, const ComparisonQuery& query,
                     foi::v1::CompareForcesResponse& response) {
  auto stub = foi::v1::StatsService::NewStub(Connect(stats_address));
  foi::v1::CompareForcesRequest request;
  request.set_offence_id(query.offence_id);
  request.set_period_start(query.from);
  request.set_period_end(query.to);
  request.set_outcome_group(query.group);
  for (absl::string_view type : absl::StrSplit(query.types, ',', absl::SkipEmpty())) {
    request.add_outcome_types(std::string(type));
  }
  grpc::ClientContext context;
  const grpc::Status status = stub->CompareForces(Prepare(context), request, &response);
  if (!status.ok()) {
    std::fprintf(stderr, "compare: %s", DescribeRpcError(status).c_str());
    return false;
  }
  return true;
}

}  // namespace foi::cli
