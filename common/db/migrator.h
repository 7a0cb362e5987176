// File: common/db/migrator.h
//
// Brings a database's schema up to date with the migrations built into this binary. Each
// migration runs in its own transaction and is recorded in `schema_migrations`, so re-running
// is a no-op, and a session-level advisory lock lets two processes migrate at once safely.
#pragma once

#include <pqxx/connection>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/migration.h"

namespace foi::db {

// The migrations this build knows, in order.
const std::vector<Migration>& BuiltInMigrations();

// Applies those of `migrations` not yet recorded; returns the versions it applied.
// A failing migration is rolled back and reported as INTERNAL with its version and the
// server's message; the ones before it stay applied. UNAVAILABLE if the connection is lost.
absl::StatusOr<std::vector<int>> ApplyMigrations(pqxx::connection& connection,
                                                 const std::vector<Migration>& migrations);

}  // namespace foi::db
