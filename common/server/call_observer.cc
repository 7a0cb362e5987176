#include "common/server/call_observer.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/auth/api_key.h"
#include "common/log.h"

namespace foi {
namespace {

class CallObserver final : public grpc::experimental::Interceptor {
 public:
  CallObserver(grpc::experimental::ServerRpcInfo* info, CallMetrics& metrics)
      : method_(info->method()), metrics_(metrics), started_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      const auto* metadata = methods->GetRecvInitialMetadata();
      if (auto header = metadata->find("authorization"); header != metadata->end()) {
        absl::string_view value(header->second.data(), header->second.size());
        if (!absl::ConsumePrefix(&value, "Bearer ")) absl::ConsumePrefix(&value, "bearer ");
        key_id_ = auth::KeyIdOf(value).value_or("malformed");
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const absl::Duration latency = absl::Now() - started_;
      // gRPC and Abseil number the codes alike.
      const std::string code =
          absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
      metrics_.RecordCall(method_, code, latency);
      LogInfo("call", {{"method", method_},
                       {"status", code},
                       {"latency_ms", absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(latency))},
                       {"key_id", key_id_.empty() ? "-" : key_id_}});
    }
    methods->Proceed();
  }

 private:
  const std::string method_;
  CallMetrics& metrics_;
  const absl::Time started_;
  std::string key_id_;
};

}  // namespace

grpc::experimental::Interceptor* CallObserverFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallObserver(info, metrics_);
}

}  // namespace foi
