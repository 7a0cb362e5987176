// File: ingest-service/src/return_store.h
//
// Returns in PostgreSQL: each version is one row of `foi_returns` with its lines, written in
// one transaction so a return is stored whole or not at all. Callers validate first; the
// store trusts its input (the schema's constraints are the last line of defence).
#pragma once

#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"
#include "ingest-service/src/foi_return.h"

namespace foi::ingest {

class ReturnStore {
 public:
  explicit ReturnStore(db::ConnectionPool& pool) : pool_(pool) {}

  // Stores `foi_return` as version 1 of a new return, active; returns it with return_id,
  // version, status and created_at filled in. UNAVAILABLE when the database is unreachable or
  // the commit's outcome is unknown.
  absl::StatusOr<FoiReturn> Insert(const FoiReturn& foi_return);

  // Version `version` of a return, or its latest when `version` is 0. NOT_FOUND when there is
  // no such return or version; INVALID_ARGUMENT when `return_id` is not a UUID.
  absl::StatusOr<FoiReturn> Get(absl::string_view return_id, int version);

 private:
  db::ConnectionPool& pool_;
};

}  // namespace foi::ingest
