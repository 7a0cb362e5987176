#include "stats-service/src/return_figures.h"

#include "absl/strings/numbers.h"

namespace foi::stats {

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

}  // namespace foi::stats
