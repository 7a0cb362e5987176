// File: common/auth/api_key.h
//
// API keys look like "foi_<key id>_<secret>": the key id (12 hex digits) finds the stored hash
// without a scan, the secret (32 bytes of randomness, hex) is what proves possession.
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace foi::auth {

struct GeneratedKey {
  std::string key_id;
  std::string key;  // shown once, never stored
};

// A new random key from the system's cryptographic random source.
GeneratedKey GenerateKey();

// The key id of a well-formed key, else nullopt.
std::optional<std::string> KeyIdOf(absl::string_view key);

// What is stored in place of the key.
std::string HashKey(absl::string_view key);

}  // namespace foi::auth
