// File: common/auth/key_store.h
//
// API keys in PostgreSQL: created and revoked from the command line, looked up on each call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"

namespace foi::auth {

struct StoredKey {
  Principal principal;
  std::string key_hash;  // raw SHA-256 bytes
};

struct KeyListing {
  Principal principal;
  std::string created_at;
  std::string revoked_at;  // empty while the key is live
};

class KeyStore {
 public:
  explicit KeyStore(db::ConnectionPool& pool) : pool_(pool) {}

  // Creates a key and returns it in full: the only time it can be seen. INVALID_ARGUMENT for a
  // force key without a known force, or a force given to another role.
  absl::StatusOr<std::string> Create(Role role, const std::string& force_id,
                                     const std::string& name);

  // NOT_FOUND when there is no live key with that id.
  absl::Status Revoke(const std::string& key_id);

  absl::StatusOr<std::vector<KeyListing>> List();

  // The live key with this id, or nullopt.
  absl::StatusOr<std::optional<StoredKey>> FindLive(const std::string& key_id);

 private:
  db::ConnectionPool& pool_;
};

}  // namespace foi::auth
