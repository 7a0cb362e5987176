// File: common/db/catalog_loader.h
//
// Reads the reference data (forces, offences, outcome types and groups) into a Catalog.
#pragma once

#include "absl/status/statusor.h"
#include "common/catalog.h"
#include "common/db/connection_pool.h"

namespace foi::db {

// UNAVAILABLE when the database cannot be reached; INTERNAL when the schema is missing.
absl::StatusOr<Catalog> LoadCatalog(ConnectionPool& pool);

}  // namespace foi::db
