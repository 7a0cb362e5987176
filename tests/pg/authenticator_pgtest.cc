// API keys end to end on a real database: created, authenticated, revoked.
#include "common/auth/authenticator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "common/auth/key_store.h"
#include "tests/support/test_database.h"

namespace foi::auth {
namespace {

using ::testing::HasSubstr;

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    pool_ = std::make_unique<db::ConnectionPool>(database_->url(), 2);
    keys_ = std::make_unique<KeyStore>(*pool_);
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<KeyStore> keys_;
};

TEST_F(AuthenticatorTest, AForceKeyAuthenticatesAsItsForce) {
  auto key = keys_->Create(Role::kForce, "lancashire", "Lancashire FOI unit");
  ASSERT_TRUE(key.ok()) << key.status();
  Authenticator authenticator(*keys_);
  auto principal = authenticator.Authenticate("Bearer " + *key);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role, Role::kForce);
  EXPECT_EQ(principal->force_id, "lancashire");
  EXPECT_EQ(principal->name, "Lancashire FOI unit");
}

TEST_F(AuthenticatorTest, OnlyAHashOfTheKeyIsStored) {
  auto key = keys_->Create(Role::kAdmin, "", "ops");
  ASSERT_TRUE(key.ok());
  pqxx::connection connection(database_->url());
  pqxx::read_transaction txn(connection);
  const std::string secret = key->substr(key->rfind('_') + 1);
  EXPECT_EQ(txn.exec_params1("SELECT count(*) FROM api_keys WHERE position($1 IN "
                             "encode(key_hash, 'escape') || encode(key_hash, 'hex')) > 0",
                             secret)[0]
                .as<long>(),
            0);
  EXPECT_EQ(txn.exec1("SELECT octet_length(key_hash) FROM api_keys")[0].as<int>(), 32);
}

TEST_F(AuthenticatorTest, MissingMalformedWrongAndRevokedKeysAreUnauthenticated) {
  auto key = keys_->Create(Role::kReader, "", "newsroom");
  ASSERT_TRUE(key.ok());
  Authenticator authenticator(*keys_, absl::ZeroDuration());  // no caching: see revocation at once
  std::string wrong_secret = *key;
  wrong_secret.back() = wrong_secret.back() == '0' ? '1' : '0';
  for (const std::string& header : {std::string(""), std::string("Basic abc"),
                                    std::string("Bearer nonsense"), "Bearer " + wrong_secret}) {
    EXPECT_EQ(authenticator.Authenticate(header).status().code(),
              absl::StatusCode::kUnauthenticated)
        << header;
  }
  ASSERT_TRUE(authenticator.Authenticate("Bearer " + *key).ok());
  const std::string key_id = key->substr(4, 12);
  ASSERT_TRUE(keys_->Revoke(key_id).ok());
  EXPECT_EQ(authenticator.Authenticate("Bearer " + *key).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(keys_->Revoke(key_id).code(), absl::StatusCode::kNotFound);
}

TEST_F(AuthenticatorTest, KeysAreCreatedOnlyWithConsistentRoles) {
  EXPECT_THAT(std::string(keys_->Create(Role::kForce, "", "x").status().message()),
              HasSubstr("--force"));
  EXPECT_EQ(keys_->Create(Role::kReader, "lancashire", "x").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(keys_->Create(Role::kForce, "gotham", "x").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace foi::auth
