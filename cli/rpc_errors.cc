#include "cli/rpc_errors.h"

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace foi::cli {
namespace {

// What a person can do about an error, by its reason; empty when the message says enough.
std::string HintFor(const RpcError& error) {
  const auto meta = [&error](const char* key) {
    const auto found = error.metadata.find(key);
    return found == error.metadata.end() ? std::string() : found->second;
  };
  if (error.reason == "KEY_MISSING" || error.reason == "KEY_MALFORMED") {
    return "set FOI_API_KEY to a key from 'ingest-service keys create'";
  }
  if (error.reason == "KEY_UNKNOWN") return "the key in FOI_API_KEY is unknown or revoked";
  if (error.reason == "OVERLAPS_ACTIVE_RETURN" && !meta("return_id").empty()) {
    return absl::StrCat("amend return ", meta("return_id"), " instead of submitting a new one");
  }
  if (error.reason == "VERSION_MISMATCH") {
    return absl::StrCat("someone changed it first: it is now at version ", meta("latest_version"),
                        "; read it again");
  }
  if (error.reason == "FILE_TOO_LARGE") return "split the file";
  if (error.reason == "HIDDEN_CONTENT") {
    return "remove it from the workbook, or import what is visible with --allow-hidden-content "
           "(nothing hidden is then read)";
  }
  if (error.reason == "SHEET_NOT_FOUND" || error.reason == "SHEET_HIDDEN") {
    return "name a visible sheet with --sheet, or leave it out for the first visible one";
  }
  if (IsRetryable(error)) return "try again in a moment";
  if (error.reason == "INTERNAL_ERROR") {
    return absl::StrCat("the service log has the details as ", meta("log_reference"));
  }
  return "";
}

}  // namespace

RpcError ParseRpcError(const grpc::Status& status) {
  RpcError error;
  error.code = status.error_code();
  error.message = status.error_message();
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return error;
  for (const auto& detail : details.details()) {
    google::rpc::BadRequest bad_request;
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        error.violations.emplace_back(violation.field(), violation.description());
      }
    } else if (detail.UnpackTo(&info)) {
      error.reason = info.reason();
      error.metadata = {info.metadata().begin(), info.metadata().end()};
    }
  }
  return error;
}

bool IsRetryable(const RpcError& error) {
  // A bare UNAVAILABLE is the channel's own: the service could not be reached. Writes carry a
  // request id, so sending again stores nothing twice.
  if (error.code == grpc::StatusCode::UNAVAILABLE && error.reason.empty()) return true;
  return error.reason == "NOT_READY" || error.reason == "DATABASE_BUSY" ||
         error.reason == "DATABASE_UNAVAILABLE" || error.reason == "IMPORT_BUSY" ||
         error.reason == "UPLOADS_BUSY" || error.reason == "DATABASE_CONFLICT" ||
         error.reason == "COMMIT_OUTCOME_UNKNOWN";
}

std::string DescribeRpcError(const grpc::Status& status) {
  const RpcError error = ParseRpcError(status);
  // gRPC and Abseil number the codes alike.
  std::string text = absl::StatusCodeToString(static_cast<absl::StatusCode>(error.code));
  if (!error.reason.empty() && error.reason != text) absl::StrAppend(&text, " ", error.reason);
  text += "\n";
  for (const auto& [field, description] : error.violations) {
    absl::StrAppend(&text, "  ", field, ": ", description, "\n");
  }
  if (error.violations.empty()) absl::StrAppend(&text, "  ", error.message, "\n");
  if (std::string hint = HintFor(error); !hint.empty()) absl::StrAppend(&text, "  (", hint, ")\n");
  return text;
}

std::string DescribeAtCell(const std::string& file, const std::string& field,
                           const std::string& severity, const std::string& description) {
  long long row = 0, column = 0;
  if (std::sscanf(field.c_str(), "rows[%lld].columns[%lld]", &row, &column) == 2) {
    return absl::StrCat(file, ":", row, ":", column, ": ", severity, ": ", description, "\n");
  }
  if (field.find('!') != std::string::npos) {  // a workbook's cell, "Reply!C7"
    return absl::StrCat(file, ":", field, ": ", severity, ": ", description, "\n");
  }
  return absl::StrCat(file, ": ", severity, ": ", field, ": ", description, "\n");
}

std::string DescribeImportErrors(const std::string& file, const grpc::Status& status) {
  const RpcError error = ParseRpcError(status);
  if (error.reason != "FILE_INVALID") return absl::StrCat(file, ": ", DescribeRpcError(status));
  std::string text;
  for (const auto& [field, description] : error.violations) {
    absl::StrAppend(&text, DescribeAtCell(file, field, "error", description));
  }
  const auto total = error.metadata.find("violations");
  const std::string count =
      total == error.metadata.end() ? absl::StrCat(error.violations.size()) : total->second;
  absl::StrAppend(&text, file, ": ", count, " error(s), so nothing was imported");
  if (total != error.metadata.end() && count != absl::StrCat(error.violations.size())) {
    absl::StrAppend(&text, " (the first ", error.violations.size(), " are listed)");
  }
  text += "\n";
  return text;
}

}  // namespace foi::cli
