#include "common/db/migrator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "tests/support/test_database.h"

namespace foi::db {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

long Count(pqxx::connection& connection, const std::string& table) {
  pqxx::read_transaction txn(connection);
  return txn.exec1("SELECT count(*) FROM " + table)[0].as<long>();
}

TEST(Migrator, AppliesEveryMigrationToAnEmptyDatabase) {
  auto database = testing::TestDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());

  auto applied = ApplyMigrations(connection, BuiltInMigrations());
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(applied->size(), BuiltInMigrations().size());
  EXPECT_EQ(Count(connection, "schema_migrations"), static_cast<long>(BuiltInMigrations().size()));
  EXPECT_EQ(Count(connection, "forces"), 46);
  EXPECT_EQ(Count(connection, "outcome_types"), 23);
  EXPECT_EQ(Count(connection, "outcome_groups"), 12);
}

TEST(Migrator, ReapplyingIsANoOp) {
  auto database = testing::TestDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  ASSERT_TRUE(ApplyMigrations(connection, BuiltInMigrations()).ok());

  auto again = ApplyMigrations(connection, BuiltInMigrations());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_THAT(*again, IsEmpty());
  EXPECT_EQ(Count(connection, "forces"), 46);
}

TEST(Migrator, TheStatsRoleMayOnlyRead) {
  auto database = testing::TestDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  pqxx::connection stats(database->UrlAs("foi_stats"));
  {
    pqxx::read_transaction txn(stats);
    EXPECT_EQ(txn.exec1("SELECT count(*) FROM forces")[0].as<long>(), 46);
  }
  pqxx::work txn(stats);
  EXPECT_THROW(txn.exec("UPDATE forces SET name = name"), pqxx::sql_error);
}

TEST(Migrator, AFailingMigrationIsRolledBackAndReported) {
  auto database = testing::TestDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  const std::vector<Migration> migrations = {
      {1, "good", "CREATE TABLE kept (id int)"},
      {2, "bad", "CREATE TABLE half_done (id int); SELECT no_such_column FROM kept"},
  };

  auto applied = ApplyMigrations(connection, migrations);
  EXPECT_EQ(applied.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(applied.status().message()), ::testing::HasSubstr("V2__bad"));
  pqxx::read_transaction txn(connection);
  EXPECT_EQ(txn.exec1("SELECT to_regclass('half_done') IS NULL")[0].as<bool>(), true);
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM schema_migrations")[0].as<long>(), 1);
}

}  // namespace
}  // namespace foi::db
