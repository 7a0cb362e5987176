// File: common/auth/grpc_principal.h
//
// The gRPC edge of authentication: reads the call's authorization metadata.
#pragma once

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "common/auth/authenticator.h"

namespace foi::auth {

absl::StatusOr<Principal> PrincipalOf(const grpc::ServerContextBase& context,
                                      Authenticator& authenticator);

}  // namespace foi::auth
