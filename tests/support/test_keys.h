// File: tests/support/test_keys.h
//
// Real API keys in a test database, one per role, and the principals they authenticate as.
#pragma once

#include <string>

#include "common/auth/principal.h"
#include "common/db/connection_pool.h"

namespace foi::testing {

struct TestKey {
  std::string key;  // the full secret, as a client sends it
  auth::Principal principal;
};

// Creates a key with KeyStore and authenticates it with Authenticator, failing the test on
// any error.
TestKey CreateTestKey(db::ConnectionPool& pool, auth::Role role, const std::string& force_id = "");

}  // namespace foi::testing
