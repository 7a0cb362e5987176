// File: stats-service/src/stats_grpc_service.h
//
// foi.v1.StatsService over gRPC: translates messages and statuses, nothing more. Open to read
// without a key unless an Authenticator is given (--require_api_key).
#pragma once

#include "common/auth/authenticator.h"
#include "common/catalog.h"
#include "common/server/readiness.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "stats-service/src/stats_queries.h"

namespace foi::stats {

class StatsGrpcService final : public foi::v1::StatsService::Service {
 public:
  // `authenticator` may be null: then no key is needed.
  StatsGrpcService(const Catalog& catalog, const StatsQueries& queries, const Readiness& readiness,
                   auth::Authenticator* authenticator)
      : catalog_(catalog),
        queries_(queries),
        readiness_(readiness),
        authenticator_(authenticator) {}

  grpc::Status CompareForces(grpc::ServerContext* context,
                             const foi::v1::CompareForcesRequest* request,
                             foi::v1::CompareForcesResponse* response) override;
  grpc::Status GetForceBreakdown(grpc::ServerContext* context,
                                 const foi::v1::GetForceBreakdownRequest* request,
                                 foi::v1::GetForceBreakdownResponse* response) override;
  grpc::Status GetTrend(grpc::ServerContext* context, const foi::v1::GetTrendRequest* request,
                        foi::v1::GetTrendResponse* response) override;
  grpc::Status ListForces(grpc::ServerContext* context, const foi::v1::ListForcesRequest* request,
                          foi::v1::ListForcesResponse* response) override;
  grpc::Status ListOffences(grpc::ServerContext* context,
                            const foi::v1::ListOffencesRequest* request,
                            foi::v1::ListOffencesResponse* response) override;
  grpc::Status ListOutcomeTypes(grpc::ServerContext* context,
                                const foi::v1::ListOutcomeTypesRequest* request,
                                foi::v1::ListOutcomeTypesResponse* response) override;

 private:
  // OK once the catalog is loaded, when no key is required or the call carries a valid one.
  absl::Status Admit(const grpc::ServerContext& context);

  const Catalog& catalog_;
  const StatsQueries& queries_;
  const Readiness& readiness_;
  auth::Authenticator* authenticator_;
};

}  // namespace foi::stats
