// File: common/iso_date.h
//
// Calendar dates as the API writes them: ISO-8601 "YYYY-MM-DD", nothing else.
#pragma once

#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/time/civil_time.h"

namespace foi {

// The date `text` names, or nullopt unless it is exactly YYYY-MM-DD and a real day
// ("2023-02-29" is not).
std::optional<absl::CivilDay> ParseIsoDate(absl::string_view text);

std::string FormatIsoDate(absl::CivilDay day);

}  // namespace foi
