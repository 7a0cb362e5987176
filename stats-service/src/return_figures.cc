#include "stats-service/src/return_figures.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "common/uuid.h"

namespace foi::stats {
namespace {

int HexValue(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  return absl::ascii_tolower(static_cast<unsigned char>(digit)) - 'a' + 10;
}

}  // namespace

std::optional<ReturnId> ReturnId::Parse(absl::string_view text) {
  if (!IsUuid(text)) return std::nullopt;
  ReturnId id;
  size_t next = 0;
  for (size_t i = 0; i < text.size(); i += 2) {
    if (text[i] == '-') ++i;  // dashes stand where a byte begins
    id.bytes_[next++] = static_cast<uint8_t>(HexValue(text[i]) << 4 | HexValue(text[i + 1]));
  }
  return id;
}

std::string ReturnId::ToString() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kDigits[bytes_[i] >> 4]);
    text.push_back(kDigits[bytes_[i] & 0xf]);
  }
  return text;
}

OutcomeMask OutcomeBit(absl::string_view code) {
  if (code == "1A") return OutcomeMask{1} << 23;
  int number = 0;
  if (absl::SimpleAtoi(code, &number) && number >= 1 && number <= 22) {
    return OutcomeMask{1} << number;
  }
  return OutcomeMask{1} << 63;
}

OutcomeMask MaskOf(const std::vector<std::string>& codes) {
  OutcomeMask mask = 0;
  for (const std::string& code : codes) mask |= OutcomeBit(code);
  return mask;
}

void SetEffectivePeriod(ReturnFigures& figures, absl::CivilDay in_force_from,
                        std::optional<absl::CivilDay> in_force_until) {
  figures.effective_start = std::max(figures.period_start, in_force_from);
  figures.effective_end =
      in_force_until ? std::min(figures.period_end, *in_force_until) : figures.period_end;
}

}  // namespace foi::stats
