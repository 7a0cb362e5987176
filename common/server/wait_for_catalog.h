// File: common/server/wait_for_catalog.h
//
// Startup step of both services: load the catalog, retrying with backoff while the database
// is unreachable, so a service started before its database simply waits for it.
#pragma once

#include <atomic>

#include "absl/status/statusor.h"
#include "common/catalog.h"
#include "common/db/connection_pool.h"

namespace foi {

// The catalog, once the database answers. CANCELLED if `stopping` turns true first; INTERNAL
// (not retried) if the database answers but lacks the schema.
absl::StatusOr<Catalog> WaitForCatalog(db::ConnectionPool& pool, const std::atomic<bool>& stopping);

}  // namespace foi
