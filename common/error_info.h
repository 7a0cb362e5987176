// File: common/error_info.h
//
// A machine-readable reason on an error (AIP-193): a google.rpc.ErrorInfo carried as a
// payload of the absl::Status, which the gRPC edge (grpc_status.h) sends as a status detail.
// Clients branch on `reason`, never on the message.
//
//   return WithReason(absl::AbortedError("version 3 is not the latest (4)"),
//                     "VERSION_MISMATCH", {{"latest_version", "4"}});
#pragma once

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace foi {

// The domain of every reason this product sends.
inline constexpr absl::string_view kErrorDomain = "foi.v1";

// `status` with an ErrorInfo of `reason` (UPPER_SNAKE_CASE) and `metadata`.
absl::Status WithReason(absl::Status status, absl::string_view reason,
                        const std::map<std::string, std::string>& metadata = {});

// The reason `status` carries, or empty.
std::string ReasonOf(const absl::Status& status);

}  // namespace foi
