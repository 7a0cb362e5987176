// File: cli/rpc_errors.h
//
// Failed calls, read the way a program should read them: by the ErrorInfo reason the services
// attach to every error (docs/api.md, "Errors"), never by the message, which is for people.
//
//   if (!status.ok()) {
//     if (IsRetryable(ParseRpcError(status))) ... try again ...
//     std::fputs(DescribeRpcError(status).c_str(), stderr);
//   }
#pragma once

#include <grpcpp/support/status.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace foi::cli {

struct RpcError {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string reason;  // e.g. "OVERLAPS_ACTIVE_RETURN"; empty if the server sent none
  std::map<std::string, std::string> metadata;
  std::vector<std::pair<std::string, std::string>> violations;  // field, description
  std::string message;
};

RpcError ParseRpcError(const grpc::Status& status);

// Whether the same call may simply be made again in a moment (the service was starting, its
// database or its import slots were busy): writes are retried with the same request id.
bool IsRetryable(const RpcError& error);
// How many times a write is made, at most, while IsRetryable says to try again.
inline constexpr int kRetryAttempts = 5;

// The error for a person: the code and reason, each field violation on its own line (or the
// message), and what to do about it when the reason says.
std::string DescribeRpcError(const grpc::Status& status);

// One line about a cell of an uploaded file: `file:row:column: error: message` for a CSV
// cell `rows[R].columns[C]`, `file:Reply!C7: error: message` for a workbook's, else
// `file: error: field: message` (`severity` in place of "error").
std::string DescribeAtCell(const std::string& file, const std::string& field,
                           const std::string& severity, const std::string& description);

// A failed import: one DescribeAtCell line per field violation and a count of the errors when
// the file was the problem (FILE_INVALID), else as DescribeRpcError.
std::string DescribeImportErrors(const std::string& file, const grpc::Status& status);

}  // namespace foi::cli
