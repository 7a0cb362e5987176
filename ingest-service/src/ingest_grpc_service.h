// File: ingest-service/src/ingest_grpc_service.h
//
// foi.v1.IngestService over gRPC: translates messages and statuses, nothing more.
#pragma once

#include "foi/v1/ingest_service.grpc.pb.h"
#include "ingest-service/src/return_service.h"

namespace foi::ingest {

class IngestGrpcService final : public foi::v1::IngestService::Service {
 public:
  explicit IngestGrpcService(ReturnService& returns) : returns_(returns) {}

  grpc::Status SubmitReturn(grpc::ServerContext* context,
                            const foi::v1::SubmitReturnRequest* request,
                            foi::v1::SubmitReturnResponse* response) override;
  grpc::Status GetReturn(grpc::ServerContext* context, const foi::v1::GetReturnRequest* request,
                         foi::v1::GetReturnResponse* response) override;

 private:
  ReturnService& returns_;
};

}  // namespace foi::ingest
