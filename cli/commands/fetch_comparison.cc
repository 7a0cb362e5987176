#include "cli/commands/fetch_comparison.h"

#include <cstdio>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "cli/commands/connection.h"
#include "cli/rpc_errors.h"
#include "foi/v1/stats_service.grpc.pb.h"

namespace foi::cli {

std::optional<foi::v1::FunnelMethod> FunnelMethodOf(const std::string& method) {
  if (method.empty() || method == "binomial") return foi::v1::FUNNEL_METHOD_BINOMIAL;
  if (method == "exact") return foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL;
  if (method == "additive") return foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS;
  if (method == "multiplicative") return foi::v1::FUNNEL_METHOD_MULTIPLICATIVE;
  return std::nullopt;
}

int FetchComparison(const std::string& stats_address, const ComparisonQuery& query,
                    foi::v1::CompareForcesResponse& response) {
  const std::optional<foi::v1::FunnelMethod> method = FunnelMethodOf(query.method);
  if (!method) {
    std::fprintf(stderr,
                 "compare: --method must be binomial, exact, additive or multiplicative, not "
                 "\"%s\"\n",
                 query.method.c_str());
    return 2;
  }
  auto stub = foi::v1::StatsService::NewStub(Connect(stats_address));
  foi::v1::CompareForcesRequest request;
  request.set_offence_id(query.offence_id);
  request.set_period_start(query.from);
  request.set_period_end(query.to);
  request.set_outcome_group(query.group);
  for (absl::string_view type : absl::StrSplit(query.types, ',', absl::SkipEmpty())) {
    request.add_outcome_types(std::string(type));
  }
  request.set_funnel_method(*method);
  grpc::ClientContext context;
  const grpc::Status status = stub->CompareForces(Prepare(context), request, &response);
  if (!status.ok()) {
    std::fprintf(stderr, "compare: %s", DescribeRpcError(status).c_str());
    return 1;
  }
  return 0;
}

CatalogueNames FetchCatalogueNames(const std::string& stats_address, const std::string& command) {
  auto stub = foi::v1::StatsService::NewStub(Connect(stats_address));
  auto warn = [&](const char* what, const grpc::Status& status) {
    std::fprintf(stderr, "%s: warning: the catalogue's %s are not available, shown by id: %s",
                 command.c_str(), what, DescribeRpcError(status).c_str());
  };
  CatalogueNames names;
  {
    grpc::ClientContext context;
    foi::v1::ListForcesResponse forces;
    const grpc::Status status = stub->ListForces(Prepare(context), {}, &forces);
    if (!status.ok()) warn("forces", status);
    for (const foi::v1::Force& force : forces.forces()) {
      names.forces[force.force_id()] = force.name();
    }
  }
  {
    grpc::ClientContext context;
    foi::v1::ListOffencesResponse offences;
    const grpc::Status status = stub->ListOffences(Prepare(context), {}, &offences);
    if (!status.ok()) warn("offences", status);
    for (const foi::v1::Offence& offence : offences.offences()) {
      names.offences[offence.offence_id()] = offence.name();
    }
  }
  {
    grpc::ClientContext context;
    foi::v1::ListOutcomeTypesResponse outcomes;
    const grpc::Status status = stub->ListOutcomeTypes(Prepare(context), {}, &outcomes);
    if (!status.ok()) warn("outcome groups", status);
    for (const foi::v1::OutcomeGroup& group : outcomes.outcome_groups()) {
      names.outcome_groups[group.group_id()] = group.name();
    }
  }
  return names;
}

}  // namespace foi::cli
