#include "common/log.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace foi {
namespace {

// Quotes a value only when it would otherwise be ambiguous to a key=value reader.
std::string QuoteIfNeeded(absl::string_view value) {
  const bool plain = !value.empty() && std::none_of(value.begin(), value.end(), [](char c) {
    return c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (plain) {
    return std::string(value);
  }
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (c == '\n') {
      quoted += "\\n";
      continue;
    }
    // Other control bytes (terminal escapes, carriage returns) could forge or hide log lines.
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      absl::StrAppend(&quoted, "\\x", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
      continue;
    }
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void Write(absl::string_view level, absl::string_view message, const LogFields& fields) {
  std::string line =
      absl::StrCat(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
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
void LogError(absl::string_view message, const LogFields& fields) {
  Write("error", message, fields);
}

}  // namespace foi
