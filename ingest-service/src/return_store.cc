#include "ingest-service/src/return_store.h"

#include <openssl/rand.h>

#include <optional>
#include <variant>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/db/pg_array.h"
#include "common/db/pq_errors.h"
#include "common/status_macros.h"
#include "common/uuid.h"
#include "return_queries.h"  // generated: one constant per queries/*.sql

namespace foi::ingest {
namespace {

constexpr absl::string_view kStatusActive = "active";
constexpr absl::string_view kStatusSuperseded = "superseded";
constexpr absl::string_view kStatusWithdrawn = "withdrawn";

ReturnStatus StatusFromText(absl::string_view text) {
  if (text == kStatusActive) return ReturnStatus::kActive;
  if (text == kStatusSuperseded) return ReturnStatus::kSuperseded;
  if (text == kStatusWithdrawn) return ReturnStatus::kWithdrawn;
  return ReturnStatus::kUnspecified;
}

// Reads the columns select_return.sql and select_latest_returns.sql share.
FoiReturn ReturnFromRow(const pqxx::row& row) {
  FoiReturn found;
  found.return_id = row[0].as<std::string>();
  found.version = row[1].as<int>();
  found.status = StatusFromText(row[2].as<std::string>());
  found.force_id = row[3].as<std::string>();
  found.offence_id = row[4].as<std::string>();
  found.period_start = row[5].as<std::string>();
  found.period_end = row[6].as<std::string>();
  found.total_reports = row[7].as<int64_t>();
  found.not_yet_assigned = row[8].as<int64_t>();
  found.foi_reference = row[9].as<std::string>();
  found.received_on = row[10].as<std::string>();
  found.created_at = absl::FromUnixMicros(row[11].as<int64_t>());
  found.suppression_threshold = row[12].as<int>();
  found.created_by = row[13].as<std::string>();
  found.source = row[14].as<std::string>();
  found.reason = row[15].as<std::string>();
  return found;
}

// Fills in the lines of `returns` with one query.
void LoadLines(pqxx::transaction_base& txn, std::vector<FoiReturn>& returns) {
  if (returns.empty()) return;
  std::vector<std::optional<std::string>> ids;
  std::vector<std::optional<int64_t>> versions;
  for (const FoiReturn& r : returns) {
    ids.push_back(r.return_id);
    versions.push_back(r.version);
  }
  const pqxx::result rows = txn.exec_params(std::string(kSelectLinesOfVersions),
                                            db::TextArrayLiteral(ids), db::IntArrayLiteral(versions));
  size_t next = 0;
  for (const auto& row : rows) {
    const std::string return_id = row[0].as<std::string>();
    const int version = row[1].as<int>();
    while (next < returns.size() &&
           (returns[next].return_id != return_id || returns[next].version != version)) {
      ++next;
    }
    if (next == returns.size()) break;
    ReturnLine line;
    if (!row[3].is_null()) line.count = row[3].as<int64_t>();
    line.suppressed = row[4].as<bool>();
    line.label = row[5].as<std::string>();
    line.outcome_types = absl::StrSplit(row[6].as<std::string>(), ' ');
    returns[next].lines.push_back(std::move(line));
  }
}

// Runs a statement of the write path as a prepared statement of the connection: PostgreSQL
// then plans each once per connection instead of on every call (the insert's plan is not
// cheap). Preparing is lazy and idempotent in libpqxx, so this costs a lookup after the first.
template <typename... Args>
pqxx::result ExecPrepared(pqxx::transaction_base& txn, const char* name, std::string_view sql,
                          Args&&... args) {
  txn.conn().prepare(name, std::string(sql));
  return txn.exec_prepared(name, std::forward<Args>(args)...);
}

// Version `version` of a return (0: the latest) with its lines. NOT_FOUND when absent.
absl::StatusOr<FoiReturn> ReadVersion(pqxx::transaction_base& txn, const std::string& return_id,
                                      int version) {
  const pqxx::result rows = txn.exec_params(std::string(kSelectReturn), return_id, version);
  if (rows.empty()) {
    return absl::NotFoundError(
        version == 0 ? absl::StrCat("no return ", return_id)
                     : absl::StrCat("return ", return_id, " has no version ", version));
  }
  std::vector<FoiReturn> found = {ReturnFromRow(rows[0])};
  LoadLines(txn, found);
  return std::move(found[0]);
}

// Writes one version and its lines; returns when it was stored.
absl::Time InsertVersion(pqxx::work& txn, const FoiReturn& r, const std::string& return_id,
                         int version, const Writer& writer, const std::string& reason) {
  std::vector<std::optional<int64_t>> line_no, count, outcome_line_no, outcome_position;
  std::vector<bool> suppressed;
  std::vector<std::optional<std::string>> label, outcome_type;
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const ReturnLine& line = r.lines[i];
    line_no.push_back(static_cast<int64_t>(i));
    count.push_back(line.count);
    suppressed.push_back(line.suppressed);
    label.push_back(line.label);
    for (size_t j = 0; j < line.outcome_types.size(); ++j) {
      outcome_line_no.push_back(static_cast<int64_t>(i));
      outcome_type.push_back(line.outcome_types[j]);
      outcome_position.push_back(static_cast<int64_t>(j));
    }
  }
  const pqxx::result inserted = ExecPrepared(
      txn, "insert_return_version", kInsertReturnVersion, return_id, version, r.force_id, r.offence_id,
      r.period_start, r.period_end, r.total_reports, r.not_yet_assigned, r.foi_reference,
      r.received_on.empty() ? nullptr : r.received_on.c_str(), r.suppression_threshold,
      writer.key_id, writer.source, reason, db::IntArrayLiteral(line_no),
      db::IntArrayLiteral(count), db::BoolArrayLiteral(suppressed), db::TextArrayLiteral(label),
      db::IntArrayLiteral(outcome_line_no), db::TextArrayLiteral(outcome_type),
      db::IntArrayLiteral(outcome_position));
  return absl::FromUnixMicros(inserted[0][0].as<int64_t>());
}

void Audit(pqxx::work& txn, const Writer& writer, absl::string_view action,
           const std::string& return_id, int version, const std::string& reason,
           const RequestClaim& claim) {
  ExecPrepared(txn, "insert_audit_event", kInsertAuditEvent, writer.key_id, std::string(action),
               return_id, version, reason,
               claim.request_id.empty() ? nullptr : claim.request_id.c_str());
}

// Where an earlier write with the same request id left its result.
struct Replay {
  std::string return_id;
  int version = 0;
};

// Claims the request id for (return_id, version). nullopt: claimed now (or no id given).
// A Replay: the same request was done before. INVALID_ARGUMENT: the id was used for another.
absl::StatusOr<std::optional<Replay>> ClaimRequest(pqxx::work& txn, const RequestClaim& claim,
                                                   const Writer& writer,
                                                   const std::string& return_id, int version) {
  if (claim.request_id.empty()) return std::optional<Replay>();
  const std::string hash = absl::BytesToHexString(claim.request_hash);
  if (!txn.exec_params(std::string(kClaimRequestId), claim.request_id, hash, writer.key_id,
                       return_id, version)
           .empty()) {
    return std::optional<Replay>();
  }
  const pqxx::row first = txn.exec_params1(std::string(kSelectRequestClaim), claim.request_id);
  if (first[0].as<std::string>() != hash) {
    return absl::InvalidArgumentError(absl::StrCat(
        "request_id ", claim.request_id, " was already used for a different request"));
  }
  return std::optional<Replay>(Replay{first[1].as<std::string>(), first[2].as<int>()});
}

absl::Status CheckNoOverlap(pqxx::work& txn, const FoiReturn& r, const char* except_return_id) {
  const pqxx::result overlapping =
      ExecPrepared(txn, "select_overlapping_active_return", kSelectOverlappingActiveReturn,
                   r.force_id, r.offence_id, r.period_start, r.period_end, except_return_id);
  if (overlapping.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrFormat(
      "the period %s to %s overlaps active return %s (%s to %s) of the same force and offence: "
      "amend that return instead",
      r.period_start, r.period_end, overlapping[0][0].as<std::string>(),
      overlapping[0][1].as<std::string>(), overlapping[0][2].as<std::string>()));
}

struct LatestVersion {
  int version;
  std::string status;
  std::string force_id;
  std::string offence_id;
};

absl::StatusOr<LatestVersion> LockLatest(pqxx::work& txn, const std::string& return_id) {
  if (!IsUuid(return_id)) {
    return absl::InvalidArgumentError(absl::StrCat("return_id '", return_id, "' is not a UUID"));
  }
  txn.exec_params(std::string(kLockReturn), return_id);
  const pqxx::result rows = txn.exec_params(std::string(kLockLatestVersion), return_id);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("no return ", return_id));
  return LatestVersion{rows[0][0].as<int>(), rows[0][1].as<std::string>(),
                       rows[0][2].as<std::string>(), rows[0][3].as<std::string>()};
}

absl::Status RequireActive(const LatestVersion& latest, const std::string& return_id) {
  if (latest.status == kStatusActive) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("return ", return_id, " is ", latest.status, "; only an active return changes"));
}

// Maps what can go wrong in a write transaction to a status.
absl::Status WriteFailure(const std::exception& error) {
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
      sql != nullptr && sql->sqlstate() == "23P01") {
    // The exclusion constraint caught an overlap that a concurrent write committed first.
    return absl::FailedPreconditionError(
        "the period overlaps an active return of the same force and offence that was stored "
        "moments ago: amend that return instead");
  }
  return db::StatusFromException(error);
}

// Runs `body` in a transaction, committed unless `validate_only`; a Replay it returns is
// answered by reading the stored version.
template <typename Body>
absl::StatusOr<FoiReturn> RunWrite(db::ConnectionPool& pool, ReturnStore& store,
                                   bool validate_only, Body body) {
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
      return WriteFailure(error);
    }
  }
  if (replay) return store.Get(replay->return_id, replay->version);
  return written;
}

}  // namespace

std::string NewUuid() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) std::abort();  // no randomness: ids could collide
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
  const std::string hex =
      absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(bytes), sizeof(bytes)));
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20));
}

absl::StatusOr<FoiReturn> ReturnStore::Insert(const FoiReturn& foi_return, const Writer& writer,
                                              const RequestClaim& claim, bool validate_only) {
  return RunWrite(pool_, *this, validate_only, [&](pqxx::work& txn) -> absl::StatusOr<std::variant<FoiReturn, Replay>> {
    const std::string return_id = NewUuid();
    FOI_ASSIGN_OR_RETURN(std::optional<Replay> replay,
                         ClaimRequest(txn, claim, writer, return_id, 1));
    if (replay) return *replay;
    FOI_RETURN_IF_ERROR(CheckNoOverlap(txn, foi_return, nullptr));
    FoiReturn stored = foi_return;
    stored.return_id = return_id;
    stored.version = 1;
    stored.status = ReturnStatus::kActive;
    stored.created_by = writer.key_id;
    stored.source = writer.source;
    stored.reason.clear();
    stored.created_at = InsertVersion(txn, stored, return_id, 1, writer, "");
    Audit(txn, writer, "submit", return_id, 1, "", claim);
    return stored;
  });
}

absl::StatusOr<FoiReturn> ReturnStore::Amend(const std::string& return_id, const FoiReturn& amended,
                                             const std::string& reason, const Writer& writer,
                                             const RequestClaim& claim, bool validate_only) {
  return RunWrite(pool_, *this, validate_only, [&](pqxx::work& txn) -> absl::StatusOr<std::variant<FoiReturn, Replay>> {
    FOI_ASSIGN_OR_RETURN(LatestVersion latest, LockLatest(txn, return_id));
    const int version = latest.version + 1;
    FOI_ASSIGN_OR_RETURN(std::optional<Replay> replay,
                         ClaimRequest(txn, claim, writer, return_id, version));
    if (replay) return *replay;
    FOI_RETURN_IF_ERROR(RequireActive(latest, return_id));
    if (amended.force_id != latest.force_id || amended.offence_id != latest.offence_id) {
      return absl::InvalidArgumentError(absl::StrCat(
          "an amendment keeps the force and offence of the return (", latest.force_id, ", ",
          latest.offence_id, "); withdraw it and submit a new one instead"));
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
    stored.created_at = InsertVersion(txn, stored, return_id, version, writer, reason);
    Audit(txn, writer, "amend", return_id, version, reason, claim);
    return stored;
  });
}

absl::StatusOr<FoiReturn> ReturnStore::Withdraw(const std::string& return_id,
                                                const std::string& reason, const Writer& writer,
                                                const RequestClaim& claim, bool validate_only) {
  return RunWrite(pool_, *this, validate_only, [&](pqxx::work& txn) -> absl::StatusOr<std::variant<FoiReturn, Replay>> {
    FOI_ASSIGN_OR_RETURN(LatestVersion latest, LockLatest(txn, return_id));
    FOI_ASSIGN_OR_RETURN(std::optional<Replay> replay,
                         ClaimRequest(txn, claim, writer, return_id, latest.version));
    if (replay) return *replay;
    FOI_RETURN_IF_ERROR(RequireActive(latest, return_id));
    txn.exec_params(std::string(kSetVersionStatus), return_id, latest.version,
                    std::string(kStatusWithdrawn), reason);
    Audit(txn, writer, "withdraw", return_id, latest.version, reason, claim);
    FOI_ASSIGN_OR_RETURN(FoiReturn withdrawn, ReadVersion(txn, return_id, latest.version));
    return withdrawn;
  });
}

absl::StatusOr<FoiReturn> ReturnStore::Get(absl::string_view return_id, int version) {
  if (!IsUuid(return_id)) {
    return absl::InvalidArgumentError(absl::StrCat("return_id '", return_id, "' is not a UUID"));
  }
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
    std::vector<FoiReturn> page;
    const std::string after =
        after_return_id.empty() ? "00000000-0000-0000-0000-000000000000" : after_return_id;
    for (const auto& row : txn.exec_params(std::string(kSelectLatestReturns), after,
                                           filter.force_id, filter.offence_id, filter.status,
                                           filter.period_start, filter.period_end, limit)) {
      page.push_back(ReturnFromRow(row));
    }
    LoadLines(txn, page);
    return page;
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
}

}  // namespace foi::ingest
