#include "tests/support/private_postgres.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/db/migrator.h"
#include "tests/support/service_process.h"

namespace foi::testing {
namespace {

// Runs a command of deploy/lib/postgres.sh; true on success.
bool Postgres(const std::string& command) {
  const std::string script = absl::StrCat("bash -c 'source \"", FOI_SOURCE_DIR,
                                          "/deploy/lib/postgres.sh\" && ", command, "'");
  return std::system(script.c_str()) == 0;
}

std::string NewDirectory() {
  char pattern[] = "/tmp/foi-private-pg.XXXXXX";
  const char* dir = mkdtemp(pattern);
  return dir == nullptr ? "" : dir;
}

}  // namespace

std::unique_ptr<PrivatePostgres> PrivatePostgres::Start() {
  std::unique_ptr<PrivatePostgres> cluster(new PrivatePostgres(NewDirectory(), FreePort()));
  if (!Postgres(
          absl::StrCat("FOI_PG_FSYNC=off foi_pg_start ", cluster->dir_, " ", cluster->port_))) {
    ADD_FAILURE() << "cannot start a private PostgreSQL cluster in " << cluster->dir_;
    return nullptr;
  }
  return cluster;
}

std::unique_ptr<PrivatePostgres> PrivatePostgres::StartReplicaOf(const PrivatePostgres& primary) {
  std::unique_ptr<PrivatePostgres> replica(new PrivatePostgres(NewDirectory(), FreePort()));
  if (!Postgres(absl::StrCat("foi_pg_start_replica ", primary.port_, " ", replica->dir_, " ",
                             replica->port_))) {
    ADD_FAILURE() << "cannot start a replica in " << replica->dir_;
    return nullptr;
  }
  return replica;
}

PrivatePostgres::~PrivatePostgres() {
  Postgres(absl::StrCat("foi_pg_stop ", dir_));
  std::system(absl::StrCat("rm -rf ", dir_).c_str());
}

std::string PrivatePostgres::Url(const std::string& user, const std::string& database) const {
  return absl::StrCat("postgresql://", user, "@127.0.0.1:", port_, "/", database);
}

bool PrivatePostgres::Crash() { return Postgres(absl::StrCat("foi_pg_crash ", dir_)); }

bool PrivatePostgres::Restart() {
  return Postgres(absl::StrCat("FOI_PG_FSYNC=off foi_pg_start ", dir_, " ", port_));
}

bool PrivatePostgres::Stop() { return Postgres(absl::StrCat("foi_pg_stop ", dir_)); }

bool PrivatePostgres::CreateMigratedDatabase(const std::string& database) {
  try {
    pqxx::connection admin(Url("postgres", "postgres"));
    pqxx::nontransaction(admin).exec(absl::StrCat("CREATE DATABASE ", database));
    pqxx::connection connection(Url("postgres", database));
    return db::ApplyMigrations(connection, db::BuiltInMigrations()).ok();
  } catch (const std::exception& error) {
    ADD_FAILURE() << error.what();
    return false;
  }
}

}  // namespace foi::testing
