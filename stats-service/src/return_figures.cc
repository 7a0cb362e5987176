#include "stats-service/src/return_figures.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "common/uuid.h"

namespace foi::stats {

std::optional<ReturnId> ReturnId::Parse(absl::string_view text) {
  const std::optional<UuidBytes> bytes = ParseUuid(text);
  if (!bytes) return std::nullopt;
  ReturnId id;
  id.bytes_ = *bytes;
  return id;
}

std::string ReturnId::ToString() const { return FormatUuid(bytes_); }

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
