// File: common/auth/authenticator.h
//
// Turns the `authorization: Bearer <key>` metadata of a call into a Principal. Live keys are
// cached for a few seconds, so a busy caller costs no database round trip per call; a revoked
// key stops working within that time.
#pragma once

#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/key_store.h"
#include "common/auth/principal.h"

namespace foi::auth {

class Authenticator {
 public:
  explicit Authenticator(KeyStore& keys, absl::Duration cache_for = absl::Seconds(5))
      : keys_(keys), cache_for_(cache_for) {}

  // UNAUTHENTICATED when the header is missing, malformed, or names no live key;
  // UNAVAILABLE when the database cannot be asked.
  absl::StatusOr<Principal> Authenticate(absl::string_view authorization_header);

 private:
  struct CachedKey {
    StoredKey key;
    absl::Time fetched_at;
  };

  KeyStore& keys_;
  const absl::Duration cache_for_;
  absl::Mutex mutex_;
  std::map<std::string, CachedKey> cache_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace foi::auth
