// File: stats-service/src/stats_grpc_service.h
//
// foi.v1.StatsService over gRPC: translates messages and statuses, nothing more.
#pragma once

#include "common/catalog.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "stats-service/src/comparison_service.h"

namespace foi::stats {

class StatsGrpcService final : public foi::v1::StatsService::Service {
 public:
  StatsGrpcService(const Catalog& catalog, ComparisonService& comparisons)
      : catalog_(catalog), comparisons_(comparisons) {}

  grpc::Status CompareForces(grpc::ServerContext* context,
                             const foi::v1::CompareForcesRequest* request,
                             foi::v1::CompareForcesResponse* response) override;
  grpc::Status ListForces(grpc::ServerContext* context, const foi::v1::ListForcesRequest* request,
                          foi::v1::ListForcesResponse* response) override;
  grpc::Status ListOffences(grpc::ServerContext* context,
                            const foi::v1::ListOffencesRequest* request,
                            foi::v1::ListOffencesResponse* response) override;
  grpc::Status ListOutcomeTypes(grpc::ServerContext* context,
                                const foi::v1::ListOutcomeTypesRequest* request,
                                foi::v1::ListOutcomeTypesResponse* response) override;

 private:
  const Catalog& catalog_;
  ComparisonService& comparisons_;
};

}  // namespace foi::stats
