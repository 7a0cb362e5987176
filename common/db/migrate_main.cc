// foi-migrate: applies the schema migrations built into this binary, then exits.
//
//   foi-migrate --database_url=postgresql://user@host:5432/foi
#include <pqxx/connection>

#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_join.h"
#include "common/config.h"
#include "common/db/migrator.h"
#include "common/log.h"

ABSL_FLAG(std::string, database_url, "", "PostgreSQL connection string (else $FOI_DATABASE_URL)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Applies foi-outcomes schema migrations to a PostgreSQL database.");
  absl::ParseCommandLine(argc, argv);
  const std::string url = foi::FlagOrEnv(absl::GetFlag(FLAGS_database_url), "FOI_DATABASE_URL", "");
  if (url.empty()) {
    std::cerr << "foi-migrate: give --database_url or set FOI_DATABASE_URL\n";
    return 2;
  }
  try {
    pqxx::connection connection(url);
    auto applied = foi::db::ApplyMigrations(connection, foi::db::BuiltInMigrations());
    if (!applied.ok()) {
      foi::LogError("migration failed", {{"error", std::string(applied.status().message())}});
      return 1;
    }
    foi::LogInfo("schema up to date",
                 {{"applied", applied->empty() ? "none" : absl::StrJoin(*applied, ",")}});
  } catch (const std::exception& error) {
    foi::LogError("cannot connect to the database", {{"error", error.what()}});
    return 1;
  }
  return 0;
}
