// File: common/grpc_status.h
//
// The one place where internal absl::Status becomes the grpc::Status a client sees. Codes map
// one to one; payloads whose type URL names a google.rpc message (BadRequest, ErrorInfo...)
// become google.rpc.Status details, readable by any gRPC client.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace foi {

// `status` for the wire, with a google.rpc.ErrorInfo always (a status without one gets the
// name of its code as its reason, e.g. "INTERNAL").
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace foi
