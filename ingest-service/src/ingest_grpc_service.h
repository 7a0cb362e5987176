// File: ingest-service/src/ingest_grpc_service.h
//
// foi.v1.IngestService over gRPC: authenticates the call, translates messages and statuses,
// nothing more.
#pragma once

#include "common/auth/authenticator.h"
#include "common/server/call_metrics.h"
#include "common/server/readiness.h"
#include "foi/v1/ingest_service.grpc.pb.h"
#include "ingest-service/src/import_upload.h"
#include "ingest-service/src/return_importer.h"
#include "ingest-service/src/return_service.h"

namespace foi::ingest {

// SubmitReturn is served with gRPC's callback API: its handler checks the submission and
// queues it, and the store's writer thread that commits its batch sends the answer, so that no
// thread waits for each submission and none is woken only to send its answer. The other
// methods are synchronous: each holds a thread while it runs.
class IngestGrpcService final : public foi::v1::IngestService::WithCallbackMethod_SubmitReturn<
                                    foi::v1::IngestService::Service> {
 public:
  IngestGrpcService(ReturnService& returns, ReturnImporter& importer,
                    auth::Authenticator& authenticator, const Readiness& readiness,
                    CallMetrics& metrics, const UploadLimits& upload_limits = {})
      : returns_(returns),
        importer_(importer),
        authenticator_(authenticator),
        readiness_(readiness),
        metrics_(metrics),
        upload_limits_(upload_limits) {}

  grpc::ServerUnaryReactor* SubmitReturn(grpc::CallbackServerContext* context,
                                         const foi::v1::SubmitReturnRequest* request,
                                         foi::v1::SubmitReturnResponse* response) override;
  grpc::Status GetReturn(grpc::ServerContext* context, const foi::v1::GetReturnRequest* request,
                         foi::v1::GetReturnResponse* response) override;
  grpc::Status AmendReturn(grpc::ServerContext* context, const foi::v1::AmendReturnRequest* request,
                           foi::v1::AmendReturnResponse* response) override;
  grpc::Status WithdrawReturn(grpc::ServerContext* context,
                              const foi::v1::WithdrawReturnRequest* request,
                              foi::v1::WithdrawReturnResponse* response) override;
  grpc::Status ListReturns(grpc::ServerContext* context, const foi::v1::ListReturnsRequest* request,
                           foi::v1::ListReturnsResponse* response) override;
  grpc::Status ImportReturns(grpc::ServerContext* context,
                             grpc::ServerReader<foi::v1::ImportReturnsRequest>* reader,
                             foi::v1::ImportReturnsResponse* response) override;

 private:
  ReturnService& returns_;
  ReturnImporter& importer_;
  auth::Authenticator& authenticator_;
  const Readiness& readiness_;
  CallMetrics& metrics_;
  const UploadLimits upload_limits_;
  UploadGate upload_gate_;
};

}  // namespace foi::ingest
