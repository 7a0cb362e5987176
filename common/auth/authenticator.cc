#include "common/auth/authenticator.h"

#include <openssl/crypto.h>

#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/auth/api_key.h"
#include "common/error_info.h"

namespace foi::auth {

namespace {

absl::Status UnknownKey() {
  return WithReason(absl::UnauthenticatedError("unknown or revoked API key"), "KEY_UNKNOWN");
}

}  // namespace

absl::StatusOr<Principal> Authenticator::Authenticate(absl::string_view authorization_header) {
  if (authorization_header.empty()) {
    return WithReason(
        absl::UnauthenticatedError("no API key: send metadata 'authorization: Bearer <key>'"),
        "KEY_MISSING");
  }
  absl::string_view key = authorization_header;
  if (!absl::ConsumePrefix(&key, "Bearer ") && !absl::ConsumePrefix(&key, "bearer ")) {
    return WithReason(
        absl::UnauthenticatedError("the authorization metadata must be 'Bearer <key>'"),
        "KEY_MALFORMED");
  }
  const std::optional<std::string> key_id = KeyIdOf(key);
  if (!key_id) return WithReason(absl::UnauthenticatedError("malformed API key"), "KEY_MALFORMED");

  std::optional<StoredKey> stored;
  {
    absl::MutexLock lock(&mutex_);
    auto cached = cache_.find(*key_id);
    if (cached != cache_.end() && absl::Now() - cached->second.fetched_at < cache_for_) {
      stored = cached->second.key;
    }
  }
  if (!stored) {
    absl::StatusOr<std::optional<StoredKey>> found = keys_.FindLive(*key_id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return UnknownKey();
    stored = **found;
    absl::MutexLock lock(&mutex_);
    cache_[*key_id] = {*stored, absl::Now()};
  }
  const std::string hash = HashKey(key);
  if (hash.size() != stored->key_hash.size() ||
      CRYPTO_memcmp(hash.data(), stored->key_hash.data(), hash.size()) != 0) {
    return UnknownKey();
  }
  return stored->principal;
}

}  // namespace foi::auth
