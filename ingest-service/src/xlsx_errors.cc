#include "ingest-service/src/xlsx_errors.h"

#include "absl/strings/str_cat.h"
#include "common/error_info.h"
#include "common/field_violations.h"

namespace foi::ingest::xlsx {

std::string Shorten(absl::string_view text) {
  constexpr size_t kMax = 300;
  if (text.size() <= kMax) return std::string(text);
  size_t end = kMax;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), "...");
}

absl::Status Unreadable(absl::string_view where, absl::string_view why) {
  return InvalidArgumentWithViolations("the file is not a readable .xlsx workbook",
                                       {{Shorten(where), std::string(why)}}, "FILE_INVALID");
}

absl::Status TooLarge(absl::string_view message, int64_t max_bytes) {
  return WithReason(absl::InvalidArgumentError(message), "FILE_TOO_LARGE",
                    {{"max_bytes", absl::StrCat(max_bytes)}});
}

}  // namespace foi::ingest::xlsx
