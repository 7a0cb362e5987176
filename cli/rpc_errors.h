// File: cli/rpc_errors.h
//
// A failed call, written for a person: the status, then each field violation on its own line.
#pragma once

#include <grpcpp/support/status.h>

#include <string>

namespace foi::cli {

std::string DescribeRpcError(const grpc::Status& status);

// A failed import: one `file:row:column: error: message` line per field violation
// `rows[R].columns[C]`, then the summary.
std::string DescribeImportErrors(const std::string& file, const grpc::Status& status);

}  // namespace foi::cli
