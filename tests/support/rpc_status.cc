#include "tests/support/rpc_status.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace foi::testing {

ErrorInfoOf ErrorInfoOfStatus(const grpc::Status& status) {
  ErrorInfoOf found;
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) return found;
  for (const auto& detail : rich.details()) {
    google::rpc::ErrorInfo info;
    if (!detail.UnpackTo(&info)) continue;
    found.reason = info.reason();
    found.domain = info.domain();
    found.metadata = {info.metadata().begin(), info.metadata().end()};
  }
  return found;
}

}  // namespace foi::testing
