#include "common/config.h"

#include <cstdlib>

namespace foi {

std::string FlagOrEnv(const std::string& flag_value, const char* env_name,
                      absl::string_view fallback) {
  if (!flag_value.empty()) return flag_value;
  const char* env = std::getenv(env_name);
  if (env != nullptr && *env != '\0') return env;
  return std::string(fallback);
}

}  // namespace foi
