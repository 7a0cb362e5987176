#include "common/grpc_status.h"

#include <grpcpp/support/error_details.h>

#include <string>

#include "absl/strings/match.h"
#include "common/error_info.h"
#include "google/rpc/status.pb.h"

namespace foi {

grpc::Status ToGrpcStatus(const absl::Status& status_in) {
  if (status_in.ok()) return grpc::Status::OK;
  // Every error carries a reason a program can branch on; one that was given none is named by
  // its code.
  const absl::Status status =
      ReasonOf(status_in).empty()
          ? WithReason(status_in, absl::StatusCodeToString(status_in.code()))
          : status_in;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  // The message travels in a trailer that clients cap (8 KiB by default): a message near that
  // would replace the real error with RESOURCE_EXHAUSTED. Messages quote client input cut
  // short (text_rules.h); this is the backstop.
  constexpr size_t kMaxMessageBytes = 2048;
  std::string message(status.message());
  if (message.size() > kMaxMessageBytes) {
    size_t cut = kMaxMessageBytes;
    // Back to the start of a character: google.rpc.Status.message must stay UTF-8.
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
    message.resize(cut);
    message += "...";
  }

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
