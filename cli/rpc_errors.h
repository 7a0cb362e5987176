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

// The error for a person: the code and reason, each field violation on its own line (or the
// message), and what to do about it when the reason says.
std::string DescribeRpcError(const grpc::Status& status);

// A failed import: one `file:row:column: error: message` line per field violation
// `rows[R].columns[C]` and a count of the errors when the file was the problem (FILE_INVALID),
// else as DescribeRpcError.
std::string DescribeImportErrors(const std::string& file, const grpc::Status& status);

}  // namespace foi::cli
