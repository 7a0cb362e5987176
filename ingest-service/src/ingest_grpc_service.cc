#include "ingest-service/src/ingest_grpc_service.h"

#include "common/grpc_status.h"
#include "ingest-service/src/return_proto.h"

namespace foi::ingest {

grpc::Status IngestGrpcService::SubmitReturn(grpc::ServerContext* context,
                                             const foi::v1::SubmitReturnRequest* request,
                                             foi::v1::SubmitReturnResponse* response) {
  absl::StatusOr<FoiReturn> stored =
      returns_.Submit(FromProto(request->foi_return()), request->validate_only());
  if (!stored.ok()) return ToGrpcStatus(stored.status());
  *response->mutable_foi_return() = ToProto(*stored);
  return grpc::Status::OK;
}

grpc::Status IngestGrpcService::GetReturn(grpc::ServerContext* context,
                                          const foi::v1::GetReturnRequest* request,
                                          foi::v1::GetReturnResponse* response) {
  absl::StatusOr<FoiReturn> found = returns_.Get(request->return_id(), request->version());
  if (!found.ok()) return ToGrpcStatus(found.status());
  *response->mutable_foi_return() = ToProto(*found);
  return grpc::Status::OK;
}

}  // namespace foi::ingest
