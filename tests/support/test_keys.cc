#include "tests/support/test_keys.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "common/auth/authenticator.h"
#include "common/auth/key_store.h"

namespace foi::testing {

TestKey CreateTestKey(db::ConnectionPool& pool, auth::Role role, const std::string& force_id) {
  auth::KeyStore keys(pool);
  auth::Authenticator authenticator(keys);
  absl::StatusOr<std::string> key =
      keys.Create(role, force_id, absl::StrCat("test ", auth::RoleName(role), " ", force_id));
  EXPECT_TRUE(key.ok()) << key.status();
  if (!key.ok()) return {};
  absl::StatusOr<auth::Principal> principal = authenticator.Authenticate("Bearer " + *key);
  EXPECT_TRUE(principal.ok()) << principal.status();
  if (!principal.ok()) return {};
  return {*key, *principal};
}

}  // namespace foi::testing
