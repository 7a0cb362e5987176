#include "common/server/grpc_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "common/server/call_observer.h"
#include "common/server/termination_signals.h"
#include "grpc/health/v1/health.pb.h"

namespace foi {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read ", path));
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const ServerOptions& options) {
  if (options.tls_cert_file.empty() && options.tls_key_file.empty()) {
    if (!options.tls_client_ca_file.empty()) {
      return absl::InvalidArgumentError("--tls_client_ca needs --tls_cert and --tls_key");
    }
    return grpc::InsecureServerCredentials();
  }
  absl::StatusOr<std::string> cert = ReadFile(options.tls_cert_file);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadFile(options.tls_key_file);
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!options.tls_client_ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadFile(options.tls_client_ca_file);
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

// Serves GET /metrics until destroyed.
class MetricsEndpoint {
 public:
  MetricsEndpoint(const std::string& address, CallMetrics& metrics) {
    const size_t colon = address.rfind(':');
    int port = 0;
    if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port)) {
      return;
    }
    server_.Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& response) {
      response.set_content(metrics.Render(), "text/plain; version=0.0.4");
    });
    if (!server_.bind_to_port(address.substr(0, colon), port)) return;
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    LogInfo("metrics at /metrics", {{"address", address}});
  }
  // False when the address was malformed or could not be bound.
  bool listening() const { return thread_.joinable(); }
  ~MetricsEndpoint() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  httplib::Server server_;
  std::thread thread_;
};

}  // namespace

absl::Status RunGrpcServer(const ServerOptions& options,
                           const std::vector<grpc::Service*>& services, CallMetrics& metrics) {
  // Debian's Abseil checks every absl::Mutex acquisition against a process-wide graph of lock
  // orders, a debugging aid that profiles showed on every call (gRPC's own locks are
  // absl::Mutex). A serving process does without it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // gRPC's built-in health service has no descriptors of its own in the protobuf pool, so
  // reflection could list it but not describe it. Touching the generated descriptor links
  // grpc/health/v1/health.proto in, which makes Health/Check callable by name.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = Credentials(options);
  if (!credentials.ok()) return credentials.status();

  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(options.listen_address, *credentials, &bound_port);
  // The synchronous server ends a thread as soon as its call is done if more than MAX_POLLERS
  // threads (2 by default) would then be waiting for calls. Calls that block on the database
  // (an amendment, a withdrawal, a read) then cost a new thread each: measured, one thread
  // started for every two calls at 16 clients, when SubmitReturn was still synchronous. Idle
  // threads cost little; keep them.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 64);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  // Find dead peers within a minute or so, and let clients ping idle connections.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 30'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> observers;
  observers.push_back(std::make_unique<CallObserverFactory>(metrics));
  builder.experimental().SetInterceptorCreators(std::move(observers));
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address));
  }
  // gRPC's health service starts out SERVING; nothing is, until `ready` says so.
  server->GetHealthCheckService()->SetServingStatus(false);
  LogInfo("listening", {{"address", options.listen_address},
                        {"port", std::to_string(bound_port)},
                        {"tls", options.tls_cert_file.empty()        ? "off"
                                : options.tls_client_ca_file.empty() ? "on"
                                                                     : "mutual"}});

  std::unique_ptr<MetricsEndpoint> metrics_endpoint;
  if (!options.metrics_listen_address.empty()) {
    metrics_endpoint = std::make_unique<MetricsEndpoint>(options.metrics_listen_address, metrics);
    if (!metrics_endpoint->listening()) {
      server->Shutdown();
      return absl::UnavailableError(
          absl::StrCat("cannot serve metrics on ", options.metrics_listen_address));
    }
  }

  // Health follows readiness, checked every second, until shutdown begins.
  std::atomic<bool> stopping{false};
  std::thread health([&] {
    bool last = false;
    while (!stopping) {
      const bool ready = options.ready();
      if (!stopping && ready != last) {
        server->GetHealthCheckService()->SetServingStatus(ready);
        LogInfo(ready ? "serving" : "not serving");
        last = ready;
      }
      // Look again soon while not ready, so a service becomes SERVING promptly.
      for (int i = 0; i < (ready ? 10 : 1) && !stopping; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  });

  TerminationSignals::Wait();
  LogInfo("shutting down", {{"grace", absl::FormatDuration(options.shutdown_grace)}});
  stopping = true;
  health.join();
  server->GetHealthCheckService()->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() +
                   absl::ToChronoMilliseconds(options.shutdown_grace));
  server->Wait();
  LogInfo("stopped");
  return absl::OkStatus();
}

}  // namespace foi
