// File: tests/support/rpc_status.h
//
// The google.rpc.ErrorInfo a failed call carries, read the way a client reads it.
#pragma once

#include <grpcpp/support/status.h>

#include <map>
#include <string>

namespace foi::testing {

struct ErrorInfoOf {
  std::string reason;  // empty when the status carries none
  std::string domain;
  std::map<std::string, std::string> metadata;
};

ErrorInfoOf ErrorInfoOfStatus(const grpc::Status& status);

}  // namespace foi::testing
