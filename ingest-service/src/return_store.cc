#include "ingest-service/src/return_store.h"

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/pq_errors.h"
#include "common/db/prepared_statement.h"
#include "common/error_info.h"
#include "common/field_violations.h"
#include "common/status_macros.h"
#include "common/text_rules.h"
#include "common/uuid.h"
#include "ingest-service/src/return_rows.h"
#include "return_queries.h"  // generated: one constant per queries/*.sql

namespace foi::ingest {
namespace {

absl::Status ReturnNotFound(const std::string& return_id) {
  return WithReason(absl::NotFoundError(absl::StrCat("no return ", return_id)), "RETURN_NOT_FOUND",
                    {{"return_id", return_id}});
}

absl::Status NotAReturnId(absl::string_view return_id) {
  return InvalidArgumentWithViolations(
      "invalid request",
      {{"return_id", absl::StrCat(QuoteForMessage(return_id), " is not a return id (a UUID)")}});
}

// Version `version` of a return (0: the latest) with its lines. NOT_FOUND when absent.
absl::StatusOr<FoiReturn> ReadVersion(pqxx::transaction_base& txn, const std::string& return_id,
                                      int version) {
  const pqxx::result rows = txn.exec_params(std::string(kSelectReturn), return_id, version);
  if (rows.empty()) {
    if (version == 0) return ReturnNotFound(return_id);
    return WithReason(
        absl::NotFoundError(absl::StrCat("return ", return_id, " has no version ", version)),
        "VERSION_NOT_FOUND", {{"return_id", return_id}});
  }
  std::vector<FoiReturn> found = ReturnsFromResult(rows);
  LoadLines(txn, found);
  return std::move(found[0]);
}

// Writes one version with its lines and audit event; returns when it was stored.
absl::Time InsertVersion(pqxx::work& txn, const FoiReturn& stored, const Writer& writer,
                         absl::string_view action, const RequestClaim& claim) {
  VersionRows rows;
  rows.Add(stored, writer.key_id, writer.source, action, claim);
  return rows.Insert(txn).at(stored.return_id);
}

// Records a withdrawal (the versions insert_versions.sql writes carry their own events).
void AuditWithdrawal(pqxx::work& txn, const Writer& writer, const std::string& return_id,
                     int version, const std::string& reason, const RequestClaim& claim) {
  db::ExecPrepared(txn, "insert_audit_event", kInsertAuditEvent, writer.key_id, "withdraw",
                   return_id, version, reason,
                   claim.request_id.empty() ? nullptr : claim.request_id.c_str());
}

absl::Status CheckNoOverlap(pqxx::work& txn, const FoiReturn& r, const char* except_return_id) {
  const pqxx::result overlapping =
      db::ExecPrepared(txn, "select_overlapping_active_return", kSelectOverlappingActiveReturn,
                       r.force_id, r.offence_id, r.period_start, r.period_end, except_return_id);
  if (overlapping.empty()) return absl::OkStatus();
  const std::string other = overlapping[0][0].as<std::string>();
  return WithReason(
      absl::FailedPreconditionError(absl::StrFormat(
          "the period %s to %s overlaps active return %s (%s to %s) of the same force and "
          "offence: amend that return instead",
          r.period_start, r.period_end, other, overlapping[0][1].as<std::string>(),
          overlapping[0][2].as<std::string>())),
      "OVERLAPS_ACTIVE_RETURN", {{"return_id", other}});
}

struct LatestVersion {
  int version;
  std::string status;
  std::string force_id;
  std::string offence_id;
};

absl::StatusOr<LatestVersion> LockLatest(pqxx::work& txn, const std::string& return_id) {
  if (!IsUuid(return_id)) return NotAReturnId(return_id);
  txn.exec_params(std::string(kLockReturn), return_id);
  const pqxx::result rows = txn.exec_params(std::string(kLockLatestVersion), return_id);
  if (rows.empty()) return ReturnNotFound(return_id);
  return LatestVersion{rows[0][0].as<int>(), rows[0][1].as<std::string>(),
                       rows[0][2].as<std::string>(), rows[0][3].as<std::string>()};
}

// ABORTED unless the caller's `expected` version (0: any) is the latest.
absl::Status RequireExpectedVersion(const LatestVersion& latest, const std::string& return_id,
                                    int expected) {
  if (expected == 0 || expected == latest.version) return absl::OkStatus();
  return WithReason(
      absl::AbortedError(absl::StrCat("return ", return_id, " is at version ", latest.version,
                                      ", not ", expected, ": read it again and redo the change")),
      "VERSION_MISMATCH", {{"latest_version", absl::StrCat(latest.version)}});
}

absl::Status RequireActive(const LatestVersion& latest, const std::string& return_id) {
  if (latest.status == kStatusActive) return absl::OkStatus();
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat("return ", return_id, " is ", latest.status,
                                                 "; only an active return changes")),
      "RETURN_NOT_ACTIVE", {{"return_id", return_id}, {"status", latest.status}});
}

// What an amendment or withdrawal needs of the latest version: the one the caller read, and
// active.
absl::Status RequireChangeable(const LatestVersion& latest, const std::string& return_id,
                               int expected_version) {
  FOI_RETURN_IF_ERROR(RequireExpectedVersion(latest, return_id, expected_version));
  return RequireActive(latest, return_id);
}

// Runs `body` in a transaction, committed unless `validate_only`; a Replay it returns is
// answered by reading the stored version.
template <typename Body>
absl::StatusOr<FoiReturn> RunWrite(db::ConnectionPool& pool, ReturnStore& store, bool validate_only,
                                   Body body) {
  std::optional<Replay> replay;
  absl::StatusOr<FoiReturn> written = absl::UnknownError("write did not run");
  {
    FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool.Acquire());
    try {
      pqxx::work txn(*connection);
      absl::StatusOr<std::variant<FoiReturn, Replay>> outcome = body(txn);
      if (!outcome.ok()) return outcome.status();
      if (auto* replayed = std::get_if<Replay>(&*outcome)) {
        replay = *replayed;
      } else {
        if (!validate_only) txn.commit();  // otherwise the destructor rolls back
        written = std::get<FoiReturn>(*std::move(outcome));
      }
    } catch (const std::exception& error) {
      return db::StatusFromException(error);
    }
  }
  if (replay) return store.Get(replay->return_id, replay->version);
  return written;
}

// How many submissions one transaction writes at most, and how many such transactions run at
// once: two, so that one batch is being written while the other waits for its commit; the
// second only once it has 4 to write (see group_commit.h). At 8, with 16 clients, a batch in
// flight that held 9 or more left too few to start the second, and the clients waited on one
// batch with a core idle: SubmitReturn at 16 clients ran 5-18% faster at 4 than at 8 in four
// of six alternated pairs (10 s each, one database of 0.9 to 1.1 million returns), and 0.3% and 3%
// slower in the other two.
constexpr int kMaxBatch = 64;
constexpr int kMaxBatchesAtOnce = 2;
constexpr int kMinBatchBeside = 4;

// `submitted` as version 1 of new return `return_id`, written by `writer`.
FoiReturn FirstVersion(const FoiReturn& submitted, const Writer& writer, std::string return_id) {
  FoiReturn stored = submitted;
  stored.return_id = std::move(return_id);
  stored.version = 1;
  stored.status = ReturnStatus::kActive;
  stored.created_by = writer.key_id;
  stored.source = writer.source;
  stored.reason.clear();
  return stored;
}

// Whether two returns of one force and offence share a day. (Validated dates are ISO-8601, so
// they compare as text; a clash missed here is still caught by the exclusion constraint.)
bool PeriodsClash(const FoiReturn& a, const FoiReturn& b) {
  return a.force_id == b.force_id && a.offence_id == b.offence_id &&
         a.period_start <= b.period_end && b.period_start <= a.period_end;
}

// Writes the versions not `alone` in one transaction, claiming their request ids first; one
// whose id was claimed before is marked `alone` and left out. Returns when each written
// version was stored, by return id. When PostgreSQL refuses a statement (a period overlapping
// a stored return, or anything one submission holds that the database will not take), the
// transaction is rolled back and every version is marked `alone`: written one by one, each
// gets its own answer and none fails for another. Only a lost connection or an unknown commit
// outcome fails the batch as a whole (writing alone then could store a return twice).
//
// A batch with no request id to claim is one statement (insert_versions.sql writes the
// versions, their lines and audit events together), and one statement is a transaction of its
// own: it is sent without BEGIN and COMMIT, a round trip each. A statement cut off by a lost
// connection has an unknown outcome, like a commit that was: the batch fails as a whole.
absl::StatusOr<absl::flat_hash_map<std::string, absl::Time>> WriteTogether(
    db::ConnectionPool& pool, const std::vector<FoiReturn>& versions,
    const std::vector<const Writer*>& writers, const std::vector<const RequestClaim*>& claims,
    std::vector<bool>& alone) {
  RequestClaims to_claim;
  for (size_t i = 0; i < versions.size(); ++i) {
    if (!alone[i] && !claims[i]->request_id.empty()) {
      to_claim.Add(*claims[i], writers[i]->key_id, versions[i].return_id, 1);
    }
  }
  const auto rows_not_alone = [&] {
    VersionRows rows;
    for (size_t i = 0; i < versions.size(); ++i) {
      if (!alone[i])
        rows.Add(versions[i], writers[i]->key_id, writers[i]->source, "submit", *claims[i]);
    }
    return rows;
  };
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool.Acquire());
  try {
    if (to_claim.empty()) {
      const VersionRows rows = rows_not_alone();
      if (rows.empty()) return absl::flat_hash_map<std::string, absl::Time>();
      pqxx::nontransaction statement(*connection);
      return rows.Insert(statement);
    }
    pqxx::work txn(*connection);
    const absl::flat_hash_set<std::string> claimed = to_claim.Insert(txn);
    for (size_t i = 0; i < versions.size(); ++i) {
      if (!claims[i]->request_id.empty() && !claimed.contains(claims[i]->request_id)) {
        alone[i] = true;
      }
    }
    const VersionRows rows = rows_not_alone();
    absl::flat_hash_map<std::string, absl::Time> created_at;
    if (!rows.empty()) created_at = rows.Insert(txn);
    txn.commit();
    return created_at;
  } catch (const std::exception& error) {
    if (!db::IsStatementRefused(error)) return db::StatusFromException(error);
    alone.assign(versions.size(), true);
    return absl::flat_hash_map<std::string, absl::Time>();
  }
}

}  // namespace

ReturnStore::ReturnStore(db::ConnectionPool& pool, int max_waiting)
    : pool_(pool),
      max_waiting_(max_waiting),
      submissions_(
          [this](const std::vector<const Submission*>& batch) { return InsertBatch(batch); },
          kMaxBatch, kMaxBatchesAtOnce, kMinBatchBeside) {}

void ReturnStore::Insert(FoiReturn foi_return, Writer writer, RequestClaim claim,
                         bool validate_only, std::function<void(absl::StatusOr<FoiReturn>)> done) {
  if (waiting_.fetch_add(1) >= max_waiting_) {
    waiting_.fetch_sub(1);
    return done(WithReason(
        absl::ResourceExhaustedError(absl::StrCat(
            max_waiting_, " submissions are already waiting to be written: retry shortly")),
        "SUBMISSIONS_BUSY"));
  }
  submissions_.Write(
      Submission{std::move(foi_return), std::move(writer), std::move(claim), validate_only},
      [this, done = std::move(done)](absl::StatusOr<FoiReturn> stored) {
        waiting_.fetch_sub(1);
        done(std::move(stored));
      });
}

absl::StatusOr<FoiReturn> ReturnStore::InsertAlone(const FoiReturn& foi_return,
                                                   const Writer& writer, const RequestClaim& claim,
                                                   bool validate_only) {
  return RunWrite(pool_, *this, validate_only,
                  [&](pqxx::work& txn) -> absl::StatusOr<std::variant<FoiReturn, Replay>> {
                    const std::string return_id = NewUuid();
                    FOI_ASSIGN_OR_RETURN(std::optional<Replay> replay,
                                         ClaimRequest(txn, claim, writer.key_id, return_id, 1));
                    if (replay) return *replay;
                    FOI_RETURN_IF_ERROR(CheckNoOverlap(txn, foi_return, nullptr));
                    FoiReturn stored = FirstVersion(foi_return, writer, return_id);
                    stored.created_at = InsertVersion(txn, stored, writer, "submit", claim);
                    return stored;
                  });
}

std::vector<absl::StatusOr<FoiReturn>> ReturnStore::InsertBatch(
    const std::vector<const Submission*>& batch) {
  const size_t n = batch.size();
  std::vector<FoiReturn> versions;
  std::vector<const Writer*> writers;
  std::vector<const RequestClaim*> claims;
  for (const Submission* submission : batch) {
    versions.push_back(FirstVersion(submission->foi_return, submission->writer, NewUuid()));
    writers.push_back(&submission->writer);
    claims.push_back(&submission->claim);
  }
  // Left out of the batch, to be written alone after it: a trial run (it is rolled back), a
  // submission whose period clashes with another in the batch, or one whose request id was
  // used before. A clash with a stored return is left to the exclusion constraint: it fails
  // the batch, and every submission of it is then written alone (checking every period first
  // would cost each batch a query).
  std::vector<bool> alone(n, false);
  for (size_t i = 0; i < n; ++i) alone[i] = batch[i]->validate_only;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < i && !alone[i]; ++j) {
      alone[i] =
          !alone[j] &&
          (PeriodsClash(versions[i], versions[j]) ||
           (!claims[i]->request_id.empty() && claims[i]->request_id == claims[j]->request_id));
    }
  }
  const absl::StatusOr<absl::flat_hash_map<std::string, absl::Time>> created_at =
      WriteTogether(pool_, versions, writers, claims, alone);
  std::vector<absl::StatusOr<FoiReturn>> results;
  results.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (!created_at.ok()) {
      results.push_back(created_at.status());
    } else if (alone[i]) {
      results.push_back(
          InsertAlone(batch[i]->foi_return, *writers[i], *claims[i], batch[i]->validate_only));
    } else if (auto stored = created_at->find(versions[i].return_id); stored != created_at->end()) {
      versions[i].created_at = stored->second;
      results.push_back(std::move(versions[i]));
    } else {
      // Cannot happen (the statement returns every version it wrote); must not throw here.
      results.push_back(absl::InternalError("a committed version went missing from the batch"));
    }
  }
  return results;
}

absl::StatusOr<FoiReturn> ReturnStore::Amend(const std::string& return_id, const FoiReturn& amended,
                                             const std::string& reason, const Writer& writer,
                                             const RequestClaim& claim,
                                             const ChangeOptions& options) {
  return RunWrite(
      pool_, *this, options.validate_only,
      [&](pqxx::work& txn) -> absl::StatusOr<std::variant<FoiReturn, Replay>> {
        FOI_ASSIGN_OR_RETURN(LatestVersion latest, LockLatest(txn, return_id));
        const int version = latest.version + 1;
        FOI_ASSIGN_OR_RETURN(std::optional<Replay> replay,
                             ClaimRequest(txn, claim, writer.key_id, return_id, version));
        if (replay) return *replay;
        FOI_RETURN_IF_ERROR(RequireChangeable(latest, return_id, options.expected_version));
        if (amended.force_id != latest.force_id || amended.offence_id != latest.offence_id) {
          return WithReason(
              absl::InvalidArgumentError(absl::StrCat(
                  "an amendment keeps the force and offence of the return (", latest.force_id, ", ",
                  latest.offence_id, "); withdraw it and submit a new one instead")),
              "FORCE_OR_OFFENCE_CHANGED");
        }
        FOI_RETURN_IF_ERROR(CheckNoOverlap(txn, amended, return_id.c_str()));
        txn.exec_params(std::string(kSetVersionStatus), return_id, latest.version,
                        std::string(kStatusSuperseded), reason);
        FoiReturn stored = amended;
        stored.return_id = return_id;
        stored.version = version;
        stored.status = ReturnStatus::kActive;
        stored.created_by = writer.key_id;
        stored.source = writer.source;
        stored.reason = reason;
        stored.created_at = InsertVersion(txn, stored, writer, "amend", claim);
        return stored;
      });
}

absl::StatusOr<FoiReturn> ReturnStore::Withdraw(const std::string& return_id,
                                                const std::string& reason, const Writer& writer,
                                                const RequestClaim& claim,
                                                const ChangeOptions& options) {
  return RunWrite(
      pool_, *this, options.validate_only,
      [&](pqxx::work& txn) -> absl::StatusOr<std::variant<FoiReturn, Replay>> {
        FOI_ASSIGN_OR_RETURN(LatestVersion latest, LockLatest(txn, return_id));
        FOI_ASSIGN_OR_RETURN(std::optional<Replay> replay,
                             ClaimRequest(txn, claim, writer.key_id, return_id, latest.version));
        if (replay) return *replay;
        FOI_RETURN_IF_ERROR(RequireChangeable(latest, return_id, options.expected_version));
        if (options.validate_only) {
          FOI_ASSIGN_OR_RETURN(FoiReturn as_it_stands, ReadVersion(txn, return_id, latest.version));
          return as_it_stands;
        }
        txn.exec_params(std::string(kSetVersionStatus), return_id, latest.version,
                        std::string(kStatusWithdrawn), reason);
        AuditWithdrawal(txn, writer, return_id, latest.version, reason, claim);
        FOI_ASSIGN_OR_RETURN(FoiReturn withdrawn, ReadVersion(txn, return_id, latest.version));
        return withdrawn;
      });
}

absl::StatusOr<FoiReturn> ReturnStore::Get(absl::string_view return_id, int version) {
  if (!IsUuid(return_id)) return NotAReturnId(return_id);
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  try {
    pqxx::read_transaction txn(*connection);
    return ReadVersion(txn, std::string(return_id), version);
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
}

absl::StatusOr<std::vector<FoiReturn>> ReturnStore::ListLatest(const ListFilter& filter,
                                                               const std::string& after_return_id,
                                                               int limit) {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  try {
    pqxx::read_transaction txn(*connection);
    const std::string after =
        after_return_id.empty() ? "00000000-0000-0000-0000-000000000000" : after_return_id;
    std::vector<FoiReturn> page = ReturnsFromResult(txn.exec_params(
        std::string(kSelectLatestReturns), after, filter.force_id, filter.offence_id, filter.status,
        filter.period_start, filter.period_end, limit));
    LoadLines(txn, page);
    return page;
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
}

}  // namespace foi::ingest
