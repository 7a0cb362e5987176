// File: ingest-service/src/return_importer.h
//
// Imports a file of returns all or nothing, one step per file:
//   import_reader.h     the bytes to records (CSV decoded as it streams, or an .xlsx sheet);
//   import_row.h        each record to a row, through the uploader's map (columns, defaults,
//                       outcome labels, force names), into a temporary table of the import's
//                       transaction, so memory stays bounded however large the file;
//   import_assembler.h  the rows, read back return by return, to returns;
//   return_validator.h  each return checked with every rule a single return meets;
// and then, only if no row of the file has an error, the returns are stored with set-based
// statements in that same transaction. A request id makes a retried import store once and
// answer as the first time.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/catalog.h"
#include "common/db/connection_pool.h"
#include "ingest-service/src/foi_return.h"
#include "ingest-service/src/import_mapping.h"
#include "ingest-service/src/import_reader.h"
#include "ingest-service/src/request_claims.h"
#include "ingest-service/src/upload_spool.h"

namespace foi::ingest {

struct ImportResult;

struct ImportOptions {
  std::string source;  // where the file came from, recorded in the audit log
  bool validate_only = false;
  // The file's format, its encoding and, for a workbook, the sheet and whether hidden content
  // is allowed.
  ReaderOptions reader;
  // The file's own headers, values for every row, labels and force names; checked first
  // with CheckImportMapping.
  ImportMapping mapping;
  // With a request id: claimed in the import's transaction, so a retry stores nothing again
  // and gets the first answer back (ImportResult::replayed_answer); the hash covers the header
  // and the file. Ignored with validate_only.
  RequestClaim claim;
  // The answer to keep for retries: what the reply to `result` will carry, as bytes.
  std::function<std::string(const ImportResult& result)> encode_answer;
  // Asked while waiting for an import slot, between batches of the checks and once more just
  // before committing: false (the client went away) stores nothing. Unset means always wanted.
  std::function<bool()> still_wanted;
};

// A warning about an imported return (return_validator.h, WarningsFor), placed at the cell its
// field came from.
struct ImportWarning {
  int64_t row = 0;
  int column = 0;
  std::string field;  // the cell, as the file names it (FileRead::CellPath)
  std::string message;
};

struct ImportResult {
  int64_t rows = 0;                     // data rows read
  int64_t returns_imported = 0;         // returns stored (or that would be, with validate_only)
  std::vector<FoiReturn> returns;       // the first kMaxListedReturns of them, without lines
  std::vector<ImportWarning> warnings;  // the first kMaxListedWarnings
  // Set instead of the rest when the import was done before under the same request id: the
  // answer it gave, as encode_answer made it.
  std::optional<std::string> replayed_answer;
};

inline constexpr int64_t kMaxListedReturns = 1000;
// Warnings listed at most, the first by row; a last one says how many more there were.
inline constexpr size_t kMaxListedWarnings = 1000;
// A larger file is refused: keeps one import from holding a transaction open for ever.
inline constexpr int64_t kMaxImportRows = 5'000'000;
// Imports writing at once, at most: each holds a pooled connection and a transaction, and the
// pool must stay free for everyone else. Another import waits for a slot for up to
// kImportSlotWait. (The file has been received by then: a slot is held only while the
// service itself reads, checks and writes.)
inline constexpr int kMaxConcurrentImports = 2;
inline constexpr absl::Duration kImportSlotWait = absl::Seconds(60);

class ReturnImporter {
 public:
  // `slot_wait`: how long an import waits for a slot before RESOURCE_EXHAUSTED.
  ReturnImporter(const Catalog& catalog, db::ConnectionPool& pool,
                 std::function<absl::CivilDay()> today, absl::Duration slot_wait = kImportSlotWait)
      : catalog_(catalog), pool_(pool), today_(std::move(today)), slot_wait_(slot_wait) {}

  // Reads the file from `next_chunk` (false at the end; an error there stores nothing and is
  // returned). INVALID_ARGUMENT listing every error, each as a field violation naming its cell
  // (`rows[R].columns[C]`, or `Reply!C7` in a workbook); FAILED_PRECONDITION (HIDDEN_CONTENT)
  // for a workbook with hidden content; PERMISSION_DENIED if `caller` may not write a force's
  // returns (overlaps are reported as row errors too); RESOURCE_EXHAUSTED (reason IMPORT_BUSY)
  // when no slot came free within kImportSlotWait; CANCELLED when `options.still_wanted`
  // turned false.
  absl::StatusOr<ImportResult> Import(const auth::Principal& caller, const ChunkSource& next_chunk,
                                      const ImportOptions& options);

 private:
  class Run;  // one import, step by step (return_importer.cc)

  // Takes an import slot, waiting for one as ImportReturns describes; GiveSlotBack returns it.
  absl::Status TakeSlot(const ImportOptions& options);
  void GiveSlotBack();

  const Catalog& catalog_;
  db::ConnectionPool& pool_;
  std::function<absl::CivilDay()> today_;
  const absl::Duration slot_wait_;
  absl::Mutex slots_mutex_;
  int running_ ABSL_GUARDED_BY(slots_mutex_) = 0;
};

}  // namespace foi::ingest
