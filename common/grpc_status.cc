#include "common/grpc_status.h"

#include <grpcpp/support/error_details.h>

#include <string>

#include "absl/strings/match.h"
#include "google/rpc/status.pb.h"

namespace foi {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());

  google::rpc::Status rich;
  rich.set_code(static_cast<int>(code));
  rich.set_message(message);
  status.ForEachPayload([&rich](absl::string_view type_url, const absl::Cord& payload) {
    if (!absl::StartsWith(type_url, "type.googleapis.com/google.rpc.")) return;
    auto* detail = rich.add_details();
    detail->set_type_url(std::string(type_url));
    detail->set_value(std::string(payload));
  });
  if (rich.details_size() == 0) return grpc::Status(code, message);

  grpc::Status with_details;
  if (!grpc::SetErrorDetails(rich, &with_details).ok()) return grpc::Status(code, message);
  return with_details;
}

}  // namespace foi
