#include "common/auth/api_key.h"

#include <openssl/rand.h>

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace foi::auth {
namespace {

constexpr size_t kKeyIdBytes = 6;
constexpr size_t kSecretBytes = 32;

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  // Without randomness keys would be guessable: better not to run at all.
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size())) != 1) {
    std::abort();
  }
  return absl::BytesToHexString(raw);
}

bool IsLowerHex(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
  }
  return true;
}

}  // namespace

GeneratedKey GenerateKey() {
  GeneratedKey generated;
  generated.key_id = RandomHex(kKeyIdBytes);
  generated.key = absl::StrCat("foi_", generated.key_id, "_", RandomHex(kSecretBytes));
  return generated;
}

std::optional<std::string> KeyIdOf(absl::string_view key) {
  constexpr size_t kIdLength = 2 * kKeyIdBytes;
  constexpr size_t kLength = 4 + kIdLength + 1 + 2 * kSecretBytes;
  if (key.size() != kLength || !absl::StartsWith(key, "foi_") || key[4 + kIdLength] != '_') {
    return std::nullopt;
  }
  const absl::string_view id = key.substr(4, kIdLength);
  if (!IsLowerHex(id) || !IsLowerHex(key.substr(5 + kIdLength))) return std::nullopt;
  return std::string(id);
}

std::string HashKey(absl::string_view key) { return Sha256(key); }

}  // namespace foi::auth
