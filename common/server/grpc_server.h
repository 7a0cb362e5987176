// File: common/server/grpc_server.h
//
// Runs a gRPC server the way both services need it: server reflection, the standard
// grpc.health.v1.Health service (callable by name through reflection), and a graceful stop on
// SIGINT/SIGTERM: health turns NOT_SERVING, in-flight calls get `shutdown_grace` to finish.
#pragma once

#include <grpcpp/impl/codegen/service_type.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace foi {

struct ServerOptions {
  // host:port; port 0 picks a free port.
  std::string listen_address;
  absl::Duration shutdown_grace = absl::Seconds(10);
};

// Serves `services` until SIGINT or SIGTERM (blocked beforehand with TerminationSignals::Block).
// UNAVAILABLE if the address cannot be bound.
absl::Status RunGrpcServer(const ServerOptions& options, const std::vector<grpc::Service*>& services);

}  // namespace foi
