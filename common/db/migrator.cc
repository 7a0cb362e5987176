#include "common/db/migrator.h"

#include <pqxx/pqxx>

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/db/pq_errors.h"
#include "common/log.h"
#include "migrations.h"  // generated: kMigrations

namespace foi::db {
namespace {

// Any constant unique to this project: it names the advisory lock migrators share.
constexpr long long kMigrationLockId = 0x464f494d49475241;  // "FOIMIGRA"

constexpr absl::string_view kCreateMigrationsTable = R"sql(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    int PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  ))sql";

}  // namespace

const std::vector<Migration>& BuiltInMigrations() {
  static const std::vector<Migration> migrations(kMigrations.begin(), kMigrations.end());
  return migrations;
}

absl::StatusOr<std::vector<int>> ApplyMigrations(pqxx::connection& connection,
                                                 const std::vector<Migration>& migrations) {
  std::vector<int> applied;
  try {
    {
      pqxx::nontransaction session(connection);
      session.exec_params("SELECT pg_advisory_lock($1)", kMigrationLockId);
    }
    std::set<int> done;
    {
      pqxx::work txn(connection);
      txn.exec(std::string(kCreateMigrationsTable));
      for (const auto& row : txn.exec("SELECT version FROM schema_migrations")) {
        done.insert(row[0].as<int>());
      }
      txn.commit();
    }
    for (const Migration& migration : migrations) {
      if (done.count(migration.version) > 0) continue;
      try {
        pqxx::work txn(connection);
        txn.exec(std::string(migration.sql));
        txn.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                        migration.version, std::string(migration.name));
        txn.commit();
      } catch (const pqxx::sql_error& error) {
        pqxx::nontransaction(connection)
            .exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockId);
        return absl::InternalError(absl::StrCat("migration V", migration.version, "__",
                                                migration.name, " failed: ", error.what()));
      }
      LogInfo("applied migration", {{"version", std::to_string(migration.version)},
                                    {"name", std::string(migration.name)}});
      applied.push_back(migration.version);
    }
    pqxx::nontransaction(connection).exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockId);
  } catch (const std::exception& error) {
    return StatusFromException(error);
  }
  return applied;
}

}  // namespace foi::db
