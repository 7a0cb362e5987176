// File: stats-service/src/snapshot_loader.h
//
// Reads a FiguresSnapshot from PostgreSQL in one read-only, repeatable-read transaction, so
// the figures and their version agree.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"
#include "stats-service/src/figures_snapshot.h"

namespace foi::stats {

// UNAVAILABLE when the database cannot be reached.
absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> LoadSnapshot(db::ConnectionPool& pool);

}  // namespace foi::stats
