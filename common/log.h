// File: common/log.h
//
// One-line structured logs on stderr: a UTC timestamp, a level and `key=value` fields, so a
// log shipper or `grep` can read them. Abseil 20220623 has no absl/log, hence this.
//
//   foi::LogInfo("listening", {{"address", "0.0.0.0:50051"}});
#pragma once

#include <string>
#include <utility>
#include <vector>
#include "absl/strings/string_view.h"

namespace foi {

using LogFields = std::vector<std::pair<absl::string_view, std::string>>;

void LogInfo(absl::string_view message, const LogFields& fields = {});
void LogWarning(absl::string_view message, const LogFields& fields = {});
void LogError(absl::string_view message, const LogFields& fields = {});

}  // namespace foi
