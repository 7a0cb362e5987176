#include "cli/rpc_errors.h"

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace foi::cli {

std::string DescribeRpcError(const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::BadRequest bad_request;
  // gRPC and Abseil number the codes alike.
  std::string text = absl::StrCat(
      absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())), "\n");
  if (details.ParseFromString(status.error_details())) {
    for (const auto& detail : details.details()) {
      if (!detail.UnpackTo(&bad_request)) continue;
      for (const auto& violation : bad_request.field_violations()) {
        absl::StrAppend(&text, "  ", violation.field(), ": ", violation.description(), "\n");
      }
    }
  }
  if (bad_request.field_violations_size() == 0) absl::StrAppend(&text, "  ", status.error_message(), "\n");
  return text;
}

std::string DescribeImportErrors(const std::string& file, const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::BadRequest bad_request;
  std::string text;
  if (details.ParseFromString(status.error_details())) {
    for (const auto& detail : details.details()) {
      if (!detail.UnpackTo(&bad_request)) continue;
      for (const auto& violation : bad_request.field_violations()) {
        long long row = 0, column = 0;
        if (std::sscanf(violation.field().c_str(), "rows[%lld].columns[%lld]", &row, &column) == 2) {
          absl::StrAppend(&text, file, ":", row, ":", column, ": error: ", violation.description(), "\n");
        } else {
          absl::StrAppend(&text, file, ": error: ", violation.field(), ": ", violation.description(), "\n");
        }
      }
    }
  }
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT && bad_request.field_violations_size() > 0) {
    // The summary counts the errors, and says when only the first ones are listed.
    absl::StrAppend(&text, file, ": ", status.error_message().substr(0, status.error_message().find(';')), "\n");
  } else {
    absl::StrAppend(&text, file, ": ", DescribeRpcError(status));
  }
  return text;
}

}  // namespace foi::cli
