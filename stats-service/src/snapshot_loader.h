// File: stats-service/src/snapshot_loader.h
//
// Reads FiguresSnapshots from PostgreSQL, each in one read-only, repeatable-read transaction,
// so the figures and their version agree: all of them, or only the returns a change touched.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"
#include "stats-service/src/figures_snapshot.h"

namespace foi::stats {

// Every active return. Those `base` (if any) holds unchanged are shared with it, not read into
// copies of their own: while a reload runs, and while readers keep the snapshot it replaces,
// memory holds the returns once, not twice. UNAVAILABLE when the database cannot be reached.
absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> LoadSnapshot(
    db::ConnectionPool& pool, const FiguresSnapshot* base = nullptr);

// `base` with the returns `changed_ids` read again.
absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> LoadChanges(
    db::ConnectionPool& pool, const FiguresSnapshot& base,
    const std::set<std::string>& changed_ids);

}  // namespace foi::stats
