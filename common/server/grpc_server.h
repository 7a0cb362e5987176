// File: common/server/grpc_server.h
//
// Runs a gRPC server the way both services need it: server reflection; the standard
// grpc.health.v1.Health service (callable by name through reflection), SERVING only while the
// `ready` probe says so; one log line and metrics per call; optional TLS or mutual TLS;
// message-size limits and keepalive; Prometheus metrics over HTTP; and a graceful stop on
// SIGINT/SIGTERM: health turns NOT_SERVING, new calls are refused, calls in flight get
// `shutdown_grace` to finish, then the process can exit 0.
#pragma once

#include <grpcpp/impl/codegen/service_type.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/server/call_metrics.h"

namespace foi {

struct ServerOptions {
  // host:port; port 0 picks a free port.
  std::string listen_address;
  absl::Duration shutdown_grace = absl::Seconds(10);
  // PEM files. With a certificate and key the server speaks TLS only; with a client CA too it
  // requires and verifies client certificates (mutual TLS).
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // Largest message accepted or sent.
  int max_message_bytes = 16 * 1024 * 1024;
  // host:port of the Prometheus /metrics endpoint; empty for none.
  std::string metrics_listen_address;
  // Asked every second (every 100 ms while false); health is SERVING only while it is true.
  std::function<bool()> ready = [] { return true; };
};

// The options both services share, from their flags (see server_flags.cc).
ServerOptions ServerOptionsFromFlags(std::string listen_address);

// Serves `services` until SIGINT or SIGTERM (blocked beforehand with TerminationSignals::Block).
// UNAVAILABLE if an address cannot be bound; INVALID_ARGUMENT if a TLS file cannot be read.
absl::Status RunGrpcServer(const ServerOptions& options,
                           const std::vector<grpc::Service*>& services, CallMetrics& metrics);

}  // namespace foi
