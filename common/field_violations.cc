#include "common/field_violations.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/error_info.h"
#include "google/rpc/error_details.pb.h"

namespace foi {
namespace {
constexpr absl::string_view kBadRequestTypeUrl = "type.googleapis.com/google.rpc.BadRequest";
}  // namespace

absl::Status InvalidArgumentWithViolations(absl::string_view summary,
                                           const std::vector<FieldViolation>& violations,
                                           absl::string_view reason) {
  // Status details and message travel in response trailers, and gRPC clients refuse trailers
  // over 8 KiB by default (details are base64-encoded there): list violations only while they
  // fit in a budget well below that.
  constexpr size_t kDetailsBudget = 3000;
  constexpr size_t kMessageBudget = 600;
  google::rpc::BadRequest bad_request;
  for (const FieldViolation& violation : violations) {
    if (bad_request.ByteSizeLong() + violation.field.size() + violation.description.size() + 8 >
        kDetailsBudget) {
      break;
    }
    auto* detail = bad_request.add_field_violations();
    detail->set_field(violation.field);
    detail->set_description(violation.description);
  }
  std::string message(summary);
  const size_t listed = static_cast<size_t>(bad_request.field_violations_size());
  if (listed < violations.size()) {
    absl::StrAppend(&message, " (the first ", listed, " of ", violations.size(),
                    " are in the details)");
  }
  for (const FieldViolation& violation : violations) {
    if (message.size() + violation.field.size() + violation.description.size() > kMessageBudget) {
      absl::StrAppend(&message, "; ...");
      break;
    }
    absl::StrAppend(&message, "; ", violation.field, ": ", violation.description);
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(bad_request.SerializeAsString()));
  return WithReason(std::move(status), reason, {{"violations", absl::StrCat(violations.size())}});
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> violations;
  absl::optional<absl::Cord> payload = status.GetPayload(kBadRequestTypeUrl);
  google::rpc::BadRequest bad_request;
  if (!payload || !bad_request.ParseFromString(std::string(*payload))) return violations;
  for (const auto& detail : bad_request.field_violations()) {
    violations.push_back({detail.field(), detail.description()});
  }
  return violations;
}

}  // namespace foi
