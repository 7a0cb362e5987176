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

constexpr char kReturnId[] = "7b0cbd2e-5d0e-4a8f-9a52-0c7d6f1b9e11";

void InsertReturn(pqxx::connection& connection) {
  pqxx::work txn(connection);
  txn.exec0(
      std::string("INSERT INTO foi_returns (return_id, version, status, force_id, offence_id, "
                  "period_start, period_end, total_reports, not_yet_assigned, "
                  "suppression_threshold, foi_reference) VALUES ('") +
      kReturnId +
      "', 1, 'active', 'lancashire', 'disclosing-private-sexual-images', '2017-04-01', "
      "'2018-03-31', 31, 0, 4, 'REF')");
  txn.commit();
}

// Version 6 moved each line's outcome types into the line: lines stored before it keep them,
// in the order they were given.
TEST(Migrator, OutcomeTypesMoveIntoTheirLines) {
  auto database = testing::TestDatabase::CreateEmpty();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  const std::vector<Migration>& all = BuiltInMigrations();
  ASSERT_TRUE(ApplyMigrations(connection, {all.begin(), all.begin() + 5}).ok());
  InsertReturn(connection);
  {
    pqxx::work txn(connection);
    const std::string id = txn.quote(kReturnId);
    txn.exec0("INSERT INTO return_lines (return_id, version, line_no, count, suppressed) VALUES (" +
              id + ", 1, 0, 12, false), (" + id + ", 1, 1, 19, false)");
    txn.exec0("INSERT INTO return_line_outcomes VALUES (" + id + ", 1, 0, '1', 0), (" + id +
              ", 1, 1, '8', 0), (" + id + ", 1, 1, '3', 1), (" + id + ", 1, 1, '2', 2)");
    txn.commit();
  }
  ASSERT_TRUE(ApplyMigrations(connection, all).ok());
  pqxx::read_transaction txn(connection);
  const pqxx::result lines =
      txn.exec("SELECT array_to_string(outcome_types, ' ') FROM return_lines ORDER BY line_no");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0][0].as<std::string>(), "1");
  EXPECT_EQ(lines[1][0].as<std::string>(), "8 3 2");
}

// Version 10 checks lines once per statement instead of a foreign key per line: a line still
// needs its version stored (in the same statement or before), and a version, once stored, is
// never deleted, truncated away or re-keyed.
TEST(Migrator, LinesNeedAStoredVersionAndVersionsAreKept) {
  auto database = testing::TestDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  InsertReturn(connection);
  auto insert_line = [&](int version) {
    pqxx::work txn(connection);
    txn.exec0(
        "INSERT INTO return_lines (return_id, version, line_no, count, suppressed, "
        "outcome_types) VALUES (" +
        txn.quote(kReturnId) + ", " + std::to_string(version) + ", 0, 1, false, '{1}')");
    txn.commit();
  };
  EXPECT_THROW(insert_line(2), pqxx::foreign_key_violation);
  EXPECT_NO_THROW(insert_line(1));
  {
    pqxx::work txn(connection);
    // Parent and line in one statement, as SubmitReturn writes them.
    EXPECT_NO_THROW(txn.exec0(
        "WITH v AS (INSERT INTO foi_returns (return_id, version, status, force_id, offence_id, "
        "period_start, period_end, total_reports, not_yet_assigned, created_by, foi_reference, "
        "suppression_threshold) "
        "SELECT return_id, 2, 'superseded', force_id, offence_id, period_start, period_end, "
        "total_reports, not_yet_assigned, created_by, foi_reference, suppression_threshold "
        "FROM foi_returns "
        "WHERE return_id = " +
        txn.quote(kReturnId) +
        " RETURNING return_id, version) "
        "INSERT INTO return_lines (return_id, version, line_no, count, suppressed, outcome_types) "
        "SELECT return_id, version, 0, 1, false, '{1}' FROM v"));
  }
  for (const char* statement : {"DELETE FROM foi_returns", "TRUNCATE foi_returns CASCADE",
                                "UPDATE foi_returns SET version = version + 10"}) {
    pqxx::work txn(connection);
    EXPECT_THROW(txn.exec0(statement), pqxx::restrict_violation) << statement;
  }
  pqxx::work txn(connection);
  EXPECT_NO_THROW(txn.exec0("UPDATE foi_returns SET status = 'withdrawn'"));
}

// What the service validates, the database holds to as well: a line counts known outcome
// types, at least one and each once, and a counted type stays.
TEST(Migrator, LinesCountKnownOutcomeTypesEachOnce) {
  auto database = testing::TestDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  InsertReturn(connection);
  int line_no = 0;
  auto insert_line = [&](const std::string& outcome_types) {
    pqxx::work txn(connection);
    txn.exec0(
        "INSERT INTO return_lines (return_id, version, line_no, count, suppressed, "
        "outcome_types) VALUES (" +
        txn.quote(kReturnId) + ", 1, " + std::to_string(line_no++) + ", 1, false, " +
        txn.quote(outcome_types) + ")");
    txn.commit();
  };
  EXPECT_THROW(insert_line("{1,99}"), pqxx::foreign_key_violation);
  EXPECT_THROW(insert_line("{2,3,2}"), pqxx::unique_violation);
  EXPECT_THROW(insert_line("{}"), pqxx::check_violation);
  EXPECT_NO_THROW(insert_line("{8,3,2}"));
  {
    pqxx::work txn(connection);
    EXPECT_THROW(txn.exec0("DELETE FROM outcome_types WHERE code = '3'"),
                 pqxx::foreign_key_violation);
  }
  pqxx::work txn(connection);
  EXPECT_NO_THROW(
      txn.exec0("UPDATE outcome_types SET code = code, name = name || '.' "
                "WHERE code = '3'"));
  EXPECT_THROW(txn.exec0("UPDATE outcome_types SET code = '3X' WHERE code = '3'"),
               pqxx::foreign_key_violation);
}

}  // namespace
}  // namespace foi::db
