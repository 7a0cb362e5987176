// File: common/uuid.h
//
// UUIDs as the API writes them: return ids and request ids.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace foi {

// True for the canonical textual form: 8-4-4-4-12 hexadecimal digits, either case.
bool IsUuid(absl::string_view text);

// A fresh random (version 4) UUID, in lower case.
std::string NewUuid();

}  // namespace foi
