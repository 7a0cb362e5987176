// File: ingest-service/src/csv_import.h
//
// Imports a spreadsheet of returns (layout in import_row.h) all or nothing. The file streams
// through: each chunk is parsed as it arrives and its rows go straight into a temporary table
// of the import's transaction, so memory stays bounded however large the file. Then each
// return (rows grouped by force, offence, period and reference) is checked with every rule a
// single return meets; only if no row of the file has an error are the returns stored, with
// set-based statements, in that same transaction.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "common/catalog.h"
#include "common/db/connection_pool.h"
#include "ingest-service/src/foi_return.h"

namespace foi::ingest {

struct ImportOptions {
  std::string source;  // where the file came from, recorded with the returns
  bool validate_only = false;
};

struct ImportResult {
  int64_t rows = 0;                // data rows read
  int64_t returns_imported = 0;    // returns stored (or that would be, with validate_only)
  std::vector<FoiReturn> returns;  // the first kMaxListedReturns of them, without lines
};

inline constexpr int64_t kMaxListedReturns = 1000;
// A larger file is refused: keeps one import from holding a transaction open for ever.
inline constexpr int64_t kMaxImportRows = 5'000'000;
// Imports running at once, at most: each holds a pooled connection for as long as its client
// streams, and the pool must stay free for everyone else.
inline constexpr int kMaxConcurrentImports = 2;

class ReturnImporter {
 public:
  ReturnImporter(const Catalog& catalog, db::ConnectionPool& pool,
                 std::function<absl::CivilDay()> today)
      : catalog_(catalog), pool_(pool), today_(std::move(today)) {}

  // Reads the file from `next_chunk` (false at the end). INVALID_ARGUMENT listing every error,
  // each as a field violation `rows[R].columns[C]`; PERMISSION_DENIED if `caller` may not write
  // a force's returns (overlaps are reported as row errors too); RESOURCE_EXHAUSTED while
  // kMaxConcurrentImports others are running.
  absl::StatusOr<ImportResult> Import(const auth::Principal& caller,
                                      const std::function<bool(std::string&)>& next_chunk,
                                      const ImportOptions& options);

 private:
  const Catalog& catalog_;
  db::ConnectionPool& pool_;
  std::function<absl::CivilDay()> today_;
  std::atomic<int> running_{0};
};

}  // namespace foi::ingest
