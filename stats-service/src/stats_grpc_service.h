// File: stats-service/src/stats_grpc_service.h
//
// foi.v1.StatsService over gRPC: translates messages and statuses, nothing more. Open to read
// without a key unless an Authenticator is given (--require_api_key).
//
// CompareForces is the call other services make most, and mostly the same few questions: it
// is served through the callback API as raw bytes, so an answer already worked out for the
// current snapshot goes back as the same bytes with no parsing, statistics or serializing.
#pragma once

#include <grpcpp/support/byte_buffer.h>

#include <memory>

#include "common/auth/authenticator.h"
#include "common/catalog.h"
#include "common/server/readiness.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "stats-service/src/answer_cache.h"
#include "stats-service/src/stats_queries.h"

namespace foi::stats {

class StatsGrpcService final : public foi::v1::StatsService::WithRawCallbackMethod_CompareForces<
                                   foi::v1::StatsService::Service> {
 public:
  // `authenticator` may be null: then no key is needed. CompareForces keeps at most
  // `answer_cache_bytes` of answers.
  StatsGrpcService(const Catalog& catalog, const StatsQueries& queries, const Readiness& readiness,
                   auth::Authenticator* authenticator, size_t answer_cache_bytes = 64 << 20)
      : catalog_(catalog),
        queries_(queries),
        readiness_(readiness),
        authenticator_(authenticator),
        answers_(answer_cache_bytes) {}

  grpc::ServerUnaryReactor* CompareForces(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
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
  absl::Status Admit(const grpc::ServerContextBase& context);

  // CompareForces' answer to `request_bytes`, from the cache or worked out from the current
  // snapshot (and then kept).
  grpc::Status AnswerCompareForces(const grpc::ServerContextBase& context,
                                   const grpc::ByteBuffer& request_bytes,
                                   grpc::ByteBuffer& response_bytes);
  // `request` answered from `snapshot` (null: not loaded yet).
  absl::Status CompareFromSnapshot(const foi::v1::CompareForcesRequest& request,
                                   std::shared_ptr<const FiguresSnapshot> snapshot,
                                   foi::v1::CompareForcesResponse& response) const;

  const Catalog& catalog_;
  const StatsQueries& queries_;
  const Readiness& readiness_;
  auth::Authenticator* authenticator_;
  AnswerCache answers_;
};

}  // namespace foi::stats
