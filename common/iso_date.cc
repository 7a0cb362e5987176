#include "common/iso_date.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace foi {

std::optional<absl::CivilDay> ParseIsoDate(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  int year = 0, month = 0, day = 0;
  if (!absl::SimpleAtoi(text.substr(0, 4), &year) || !absl::SimpleAtoi(text.substr(5, 2), &month) ||
      !absl::SimpleAtoi(text.substr(8, 2), &day)) {
    return std::nullopt;
  }
  // Year 0 does not exist (nor in PostgreSQL, which would refuse it).
  if (year < 1) return std::nullopt;
  const absl::CivilDay parsed(year, month, day);
  // CivilDay normalises out-of-range fields (Feb 30 -> Mar 2); a real date survives unchanged.
  if (parsed.year() != year || parsed.month() != month || parsed.day() != day) {
    return std::nullopt;
  }
  return parsed;
}

std::string FormatIsoDate(absl::CivilDay day) {
  // By hand rather than with a format string: statistics replies format hundreds of dates.
  const int64_t year = day.year();
  if (year < 0 || year > 9999) {
    return absl::StrFormat("%04d-%02d-%02d", year, day.month(), day.day());
  }
  std::string text = "0000-00-00";
  auto put = [&text](size_t at, int value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10)
      text[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, static_cast<int>(year), 4);
  put(5, day.month(), 2);
  put(8, day.day(), 2);
  return text;
}

}  // namespace foi
