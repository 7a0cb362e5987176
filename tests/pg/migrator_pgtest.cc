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

// Version 11 keys the overlap constraint on one box per return (a hash of force and offence,
// and the period's days): the rule is the same as before, and no two pairs of a force and an
// offence may hash alike, or the box would confuse them.
TEST(Migrator, ActiveReturnsOfAForceAndOffenceMayNotShareADay) {
  auto database = testing::TestDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  int next_id = 0;
  auto insert = [&](const std::string& force, const std::string& offence, const std::string& start,
                    const std::string& end, const std::string& status = "active") {
    pqxx::work txn(connection);
    char id[37];
    std::snprintf(id, sizeof id, "00000000-0000-7000-8000-%012d", ++next_id);
    txn.exec0(
        "INSERT INTO foi_returns (return_id, version, status, force_id, offence_id, period_start, "
        "period_end, total_reports, not_yet_assigned, suppression_threshold, foi_reference) "
        "VALUES (" +
        txn.quote(id) + ", 1, " + txn.quote(status) + ", " + txn.quote(force) + ", " +
        txn.quote(offence) + ", " + txn.quote(start) + ", " + txn.quote(end) + ", 1, 0, 4, 'R')");
    txn.commit();
  };
  const std::string kOffence = "disclosing-private-sexual-images";
  ASSERT_NO_THROW(insert("lancashire", kOffence, "2017-04-01", "2018-03-31"));
  // The same day at either end, a day inside, and a period that holds the whole of it.
  EXPECT_THROW(insert("lancashire", kOffence, "2018-03-31", "2018-12-31"),
               pqxx::integrity_constraint_violation);
  EXPECT_THROW(insert("lancashire", kOffence, "2016-04-01", "2017-04-01"),
               pqxx::integrity_constraint_violation);
  EXPECT_THROW(insert("lancashire", kOffence, "2017-06-01", "2017-06-01"),
               pqxx::integrity_constraint_violation);
  EXPECT_THROW(insert("lancashire", kOffence, "2000-01-01", "2030-12-31"),
               pqxx::integrity_constraint_violation);
  // The day after, the day before, another force, another offence, and a version not active.
  EXPECT_NO_THROW(insert("lancashire", kOffence, "2018-04-01", "2019-03-31"));
  EXPECT_NO_THROW(insert("lancashire", kOffence, "2016-04-01", "2017-03-31"));
  EXPECT_NO_THROW(insert("cumbria", kOffence, "2017-04-01", "2018-03-31"));
  EXPECT_NO_THROW(insert("lancashire", "stalking", "2017-04-01", "2018-03-31"));
  EXPECT_NO_THROW(insert("lancashire", kOffence, "2017-04-01", "2018-03-31", "withdrawn"));
  // The first and last dates PostgreSQL knows still fit the box; 'infinity' is not a date.
  EXPECT_NO_THROW(insert("lancashire", "stalking", "4714-11-24 BC", "1999-12-31"));
  EXPECT_NO_THROW(insert("lancashire", "stalking", "2030-01-01", "5874897-12-31"));
  EXPECT_THROW(insert("lancashire", "stalking", "2020-01-01", "infinity"), pqxx::check_violation);

  // 'x/y' with 'z' and 'x' with 'y/z' hash alike: the second pair is refused.
  pqxx::work txn(connection);
  txn.exec0(
      "INSERT INTO forces (force_id, name, nation) VALUES ('x', 'X', 'E'), ('x/y', 'XY', 'E')");
  txn.exec0(
      "INSERT INTO offences (offence_id, name, legal_basis, in_force_from) "
      "VALUES ('z', 'Z', 'none', '2000-01-01')");
  EXPECT_THROW(txn.exec0("INSERT INTO offences (offence_id, name, legal_basis, in_force_from) "
                         "VALUES ('y/z', 'YZ', 'none', '2000-01-01')"),
               pqxx::unique_violation);
}

// Version 12 checks the force, offence and key each version names once per statement instead
// of by foreign keys, and keeps what is named: a check per statement must refuse what a
// foreign key refused.
TEST(Migrator, VersionsAndAuditEventsNameWhatIsStored) {
  auto database = testing::TestDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());
  auto run = [&](const std::string& statement) {
    pqxx::work txn(connection);
    txn.exec0(statement);
    txn.commit();
  };
  const std::string insert_return =
      "INSERT INTO foi_returns (return_id, version, status, force_id, offence_id, period_start, "
      "period_end, total_reports, not_yet_assigned, suppression_threshold, foi_reference, "
      "created_by) VALUES ";
  run("INSERT INTO api_keys (key_id, key_hash, role, name) "
      "VALUES ('k1', '\\x00', 'foi-team', 'test')");
  EXPECT_THROW(run(insert_return + "(gen_random_uuid(), 1, 'active', 'atlantis', "
                                   "'stalking', '2020-01-01', '2020-12-31', 1, 0, 4, 'R', 'k1')"),
               pqxx::foreign_key_violation);
  EXPECT_THROW(run(insert_return + "(gen_random_uuid(), 1, 'active', 'lancashire', "
                                   "'piracy', '2020-01-01', '2020-12-31', 1, 0, 4, 'R', 'k1')"),
               pqxx::foreign_key_violation);
  EXPECT_THROW(
      run(insert_return + "(gen_random_uuid(), 1, 'active', 'lancashire', "
                          "'stalking', '2020-01-01', '2020-12-31', 1, 0, 4, 'R', 'no-such-key')"),
      pqxx::foreign_key_violation);
  // One bad row among good ones fails the whole statement.
  EXPECT_THROW(run(insert_return +
                   "(gen_random_uuid(), 1, 'active', 'lancashire', 'stalking', '2020-01-01', "
                   "'2020-12-31', 1, 0, 4, 'R', 'k1'), (gen_random_uuid(), 1, 'active', "
                   "'atlantis', 'stalking', '2020-01-01', '2020-12-31', 1, 0, 4, 'R', 'k1')"),
               pqxx::foreign_key_violation);
  EXPECT_EQ(Count(connection, "foi_returns"), 0);
  ASSERT_NO_THROW(run(insert_return + "('" + kReturnId +
                      "', 1, 'active', 'lancashire', 'stalking', '2020-01-01', '2020-12-31', 1, "
                      "0, 4, 'R', 'k1')"));
  EXPECT_THROW(run("UPDATE foi_returns SET force_id = 'atlantis'"), pqxx::foreign_key_violation);
  EXPECT_THROW(run("INSERT INTO audit_log (key_id, action, return_id, version) VALUES "
                   "('no-such-key', 'submit', '" +
                   std::string(kReturnId) + "', 1)"),
               pqxx::foreign_key_violation);
  ASSERT_NO_THROW(
      run("INSERT INTO audit_log (key_id, action, return_id, version) VALUES "
          "('k1', 'submit', '" +
          std::string(kReturnId) + "', 1)"));

  // What is named stays, under its name; what nothing names may go.
  EXPECT_THROW(run("DELETE FROM forces WHERE force_id = 'lancashire'"),
               pqxx::foreign_key_violation);
  EXPECT_THROW(run("UPDATE offences SET offence_id = 'stalking-2' WHERE offence_id = 'stalking'"),
               pqxx::foreign_key_violation);
  EXPECT_THROW(run("DELETE FROM api_keys WHERE key_id = 'k1'"), pqxx::foreign_key_violation);
  for (const char* table : {"forces", "offences", "api_keys"}) {
    EXPECT_THROW(run(std::string("TRUNCATE ") + table + " CASCADE"), pqxx::restrict_violation)
        << table;
  }
  EXPECT_NO_THROW(run("UPDATE forces SET name = name || '.' WHERE force_id = 'lancashire'"));
  EXPECT_NO_THROW(run(
      "INSERT INTO forces (force_id, name, nation) VALUES ('atlantis', 'Atlantis', 'England')"));
  EXPECT_NO_THROW(run("DELETE FROM forces WHERE force_id = 'atlantis'"));
}

}  // namespace
}  // namespace foi::db
