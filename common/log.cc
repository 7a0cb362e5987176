#include "common/log.h"

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace foi {
namespace {

// Quotes a value only when it would otherwise be ambiguous to a key=value reader.
std::string QuoteIfNeeded(absl::string_view value) {
  if (!value.empty() && !absl::StrContains(value, ' ') && !absl::StrContains(value, '"') &&
      !absl::StrContains(value, '=')) {
    return std::string(value);
  }
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (c == '\n') {
      quoted += "\\n";
      continue;
    }
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void Write(absl::string_view level, absl::string_view message, const LogFields& fields) {
  std::string line = absl::StrCat(
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
      " level=", level, " msg=", QuoteIfNeeded(message));
  for (const auto& [key, value] : fields) {
    absl::StrAppend(&line, " ", key, "=", QuoteIfNeeded(value));
  }
  line += '\n';
  // One fwrite per line keeps lines from concurrent threads whole.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

void LogInfo(absl::string_view message, const LogFields& fields) { Write("info", message, fields); }
void LogWarning(absl::string_view message, const LogFields& fields) {
  Write("warning", message, fields);
}
void LogError(absl::string_view message, const LogFields& fields) { Write("error", message, fields); }

}  // namespace foi
