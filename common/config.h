// File: common/config.h
//
// Settings come from a command-line flag, else an environment variable, else a default, so
// the same binary suits a terminal, a container and a test harness.
#pragma once

#include <string>
#include "absl/strings/string_view.h"

namespace foi {

// `flag_value` when not empty, else the value of `env_name` when set and not empty, else
// `fallback`.
std::string FlagOrEnv(const std::string& flag_value, const char* env_name,
                      absl::string_view fallback);

}  // namespace foi
