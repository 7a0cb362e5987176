// File: ingest-service/src/return_store.h
//
// Returns in PostgreSQL, with their whole history. Every write is one transaction: a version is
// stored whole or not at all, with an audit event naming the key that wrote it. Nothing is ever
// deleted: amending supersedes a version, withdrawing marks it withdrawn.
//
// Writes may carry a request id (a UUID) that makes them idempotent: the first write with an id
// claims it together with a hash of its request; a retry with the same id and hash gets the
// version that first write produced and changes nothing; another hash is INVALID_ARGUMENT.
//
// Callers validate and authorize first; the store enforces what needs the database: periods
// of active returns must not overlap, only active returns change, force and offence stay.
// With `validate_only` a write runs every check and is rolled back: nothing is stored.
//
// Submissions are written by the store's own writer threads, and concurrent ones committed
// together (see group_commit.h): one transaction writes every submission of a batch that can
// be written with the others, and a submission that cannot (its period clashes, its request id
// was used before) is then written alone. When PostgreSQL refuses the batch's transaction for
// any reason, every submission of it is written alone: so each caller gets the same answer as
// if it had been the only one, and one bad submission never fails another.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"
#include "ingest-service/src/foi_return.h"
#include "ingest-service/src/group_commit.h"
#include "ingest-service/src/request_claims.h"

namespace foi::ingest {

// Who writes: recorded on the version and in the audit log.
struct Writer {
  std::string key_id;
  std::string source;
};

// How an amendment or withdrawal is done.
struct ChangeOptions {
  bool validate_only = false;
  // The version the caller read; when not 0 and not the latest, ABORTED (VERSION_MISMATCH).
  int expected_version = 0;
};

struct ListFilter {
  std::string force_id;      // empty: any
  std::string offence_id;    // empty: any
  std::string status;        // "active", "withdrawn", "superseded" or empty: any
  std::string period_start;  // ISO-8601; empty: unbounded
  std::string period_end;    // ISO-8601; empty: unbounded
};

class ReturnStore {
 public:
  // Submissions waiting for their batch or being written, at most; past that, RESOURCE_EXHAUSTED.
  static constexpr int kMaxWaitingSubmissions = 1024;

  explicit ReturnStore(db::ConnectionPool& pool, int max_waiting = kMaxWaitingSubmissions);

  // Stores `foi_return` as version 1 of a new return, with the others that arrive together;
  // `done` gets the result on one of the store's writer threads (or at once, on the caller's,
  // when refused before queueing). FAILED_PRECONDITION naming the active return its period
  // overlaps; UNAVAILABLE when the database is unreachable or the commit's outcome is unknown;
  // RESOURCE_EXHAUSTED (SUBMISSIONS_BUSY), storing nothing, when `max_waiting` submissions are
  // already waiting or being written: a flood of callers, or a database that has stopped
  // answering, then costs memory no further.
  void Insert(FoiReturn foi_return, Writer writer, RequestClaim claim, bool validate_only,
              std::function<void(absl::StatusOr<FoiReturn>)> done);

  // Stores `amended` as the next version of active return `return_id`, superseding the current
  // one. NOT_FOUND for no such return; FAILED_PRECONDITION if it is not active or the new period
  // overlaps another active return; INVALID_ARGUMENT if force or offence differ; ABORTED when
  // `options.expected_version` is not the latest.
  absl::StatusOr<FoiReturn> Amend(const std::string& return_id, const FoiReturn& amended,
                                  const std::string& reason, const Writer& writer,
                                  const RequestClaim& claim, const ChangeOptions& options = {});

  // Marks active return `return_id` withdrawn. NOT_FOUND; FAILED_PRECONDITION if not active;
  // ABORTED when `options.expected_version` is not the latest. With validate_only it answers
  // the version as it stands.
  absl::StatusOr<FoiReturn> Withdraw(const std::string& return_id, const std::string& reason,
                                     const Writer& writer, const RequestClaim& claim,
                                     const ChangeOptions& options = {});

  // Version `version` of a return, or its latest when `version` is 0. NOT_FOUND when there is
  // no such return or version; INVALID_ARGUMENT when `return_id` is not a UUID.
  absl::StatusOr<FoiReturn> Get(absl::string_view return_id, int version);

  // Up to `limit` latest versions matching `filter`, ordered by return id, after
  // `after_return_id` (empty: from the start).
  absl::StatusOr<std::vector<FoiReturn>> ListLatest(const ListFilter& filter,
                                                    const std::string& after_return_id, int limit);

 private:
  struct Submission {
    FoiReturn foi_return;
    Writer writer;
    RequestClaim claim;
    bool validate_only = false;
  };

  // Insert for one submission in a transaction of its own.
  absl::StatusOr<FoiReturn> InsertAlone(const FoiReturn& foi_return, const Writer& writer,
                                        const RequestClaim& claim, bool validate_only);
  // Writes a batch in one transaction, then alone whatever the batch left out.
  std::vector<absl::StatusOr<FoiReturn>> InsertBatch(const std::vector<const Submission*>& batch);

  db::ConnectionPool& pool_;
  const int max_waiting_;
  std::atomic<int> waiting_{0};  // before submissions_: its destruction still counts down
  GroupCommit<Submission, absl::StatusOr<FoiReturn>> submissions_;
};

}  // namespace foi::ingest
