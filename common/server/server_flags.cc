// Flags every service takes for its server; see ServerOptions.
#include <string>

#include "absl/flags/flag.h"
#include "common/config.h"
#include "common/server/grpc_server.h"

ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "on SIGTERM, how long calls in flight may take to finish");
ABSL_FLAG(std::string, tls_cert, "", "PEM server certificate: serve TLS (else $FOI_TLS_CERT)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert (else $FOI_TLS_KEY)");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA: require client certificates signed by it, mutual TLS (else $FOI_TLS_CLIENT_CA)");
ABSL_FLAG(int, max_message_bytes, 16 * 1024 * 1024, "largest gRPC message accepted or sent");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port for Prometheus metrics at /metrics (else $FOI_METRICS_LISTEN; empty: none)");

namespace foi {

ServerOptions ServerOptionsFromFlags(std::string listen_address) {
  ServerOptions options;
  options.listen_address = std::move(listen_address);
  options.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  options.tls_cert_file = FlagOrEnv(absl::GetFlag(FLAGS_tls_cert), "FOI_TLS_CERT", "");
  options.tls_key_file = FlagOrEnv(absl::GetFlag(FLAGS_tls_key), "FOI_TLS_KEY", "");
  options.tls_client_ca_file =
      FlagOrEnv(absl::GetFlag(FLAGS_tls_client_ca), "FOI_TLS_CLIENT_CA", "");
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.metrics_listen_address =
      FlagOrEnv(absl::GetFlag(FLAGS_metrics_listen), "FOI_METRICS_LISTEN", "");
  return options;
}

}  // namespace foi
