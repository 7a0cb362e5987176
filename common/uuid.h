// File: common/uuid.h
#pragma once

#include "absl/strings/string_view.h"

namespace foi {

// True for the canonical textual form: 8-4-4-4-12 hexadecimal digits, either case.
bool IsUuid(absl::string_view text);

}  // namespace foi
