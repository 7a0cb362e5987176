#include "common/server/grpc_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/server/termination_signals.h"
#include "grpc/health/v1/health.pb.h"

namespace foi {
absl::Status RunGrpcServer(const ServerOptions& options,
                           const std::vector<grpc::Service*>& services) {
  // gRPC's built-in health service has no descriptors of its own in the protobuf pool, so
  // reflection could list it but not describe it. Touching the generated descriptor links
  // grpc/health/v1/health.proto in, which makes Health/Check callable by name.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(options.listen_address, grpc::InsecureServerCredentials(), &bound_port);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address));
  }
  server->GetHealthCheckService()->SetServingStatus(true);
  LogInfo("listening", {{"address", options.listen_address}, {"port", std::to_string(bound_port)}});

  TerminationSignals::Wait();
  LogInfo("shutting down", {{"grace", absl::FormatDuration(options.shutdown_grace)}});
  server->GetHealthCheckService()->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() +
                   absl::ToChronoSeconds(options.shutdown_grace));
  server->Wait();
  LogInfo("stopped");
  return absl::OkStatus();
}

}  // namespace foi
