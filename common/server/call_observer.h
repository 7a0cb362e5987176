// File: common/server/call_observer.h
//
// A gRPC server interceptor that writes one structured log line per call (method, status,
// latency, and the id of the API key used, never the key) and records the call in CallMetrics.
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include <memory>

#include "common/server/call_metrics.h"

namespace foi {

class CallObserverFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallObserverFactory(CallMetrics& metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  CallMetrics& metrics_;
};

}  // namespace foi
