// File: common/sha256.h
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace foi {

// The 32-byte SHA-256 digest of `data`.
std::string Sha256(absl::string_view data);

}  // namespace foi
