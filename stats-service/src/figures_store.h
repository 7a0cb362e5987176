// File: stats-service/src/figures_store.h
//
// Reads the figures of active returns from PostgreSQL (read-only).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/db/connection_pool.h"
#include "stats-service/src/return_figures.h"

namespace foi::stats {

class FiguresStore {
 public:
  explicit FiguresStore(db::ConnectionPool& pool) : pool_(pool) {}

  // Active returns of `offence_id` whose whole period lies in [window_start, window_end].
  // UNAVAILABLE when the database cannot be reached.
  absl::StatusOr<std::vector<ReturnFigures>> ActiveReturnsInside(const std::string& offence_id,
                                                                 absl::CivilDay window_start,
                                                                 absl::CivilDay window_end);

 private:
  db::ConnectionPool& pool_;
};

}  // namespace foi::stats
