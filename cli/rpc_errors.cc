#include "cli/rpc_errors.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace foi::cli {
namespace {

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    default: return absl::StrCat("code ", static_cast<int>(code));
  }
}

}  // namespace

std::string DescribeRpcError(const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::BadRequest bad_request;
  std::string text = absl::StrCat(CodeName(status.error_code()), "\n");
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
