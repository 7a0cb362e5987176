#include "common/db/pq_errors.h"

#include <pqxx/except>

#include <atomic>

#include "absl/strings/str_cat.h"
#include "common/error_info.h"
#include "common/log.h"

namespace foi::db {
namespace {

// Logs the database's own words (which quote SQL text and client values) for the operator,
// and returns a reference to them for the client's message, which never carries them.
std::string LogForOperator(const std::exception& error) {
  static std::atomic<uint64_t> next_reference{1};
  const std::string reference = absl::StrCat("db-", next_reference.fetch_add(1));
  LogError("database error", {{"reference", reference}, {"error", error.what()}});
  return reference;
}

}  // namespace

absl::Status StatusFromException(const std::exception& error) {
  if (IsExclusionViolation(error)) {
    // The only exclusion constraint keeps active returns of a force and offence from
    // overlapping; a check before the write found none, so a concurrent writer stored it.
    return WithReason(
        absl::FailedPreconditionError(
            "the period overlaps an active return of the same force and offence that was "
            "stored moments ago: amend that return instead"),
        "OVERLAPS_ACTIVE_RETURN");
  }
  const std::string reference = LogForOperator(error);
  const auto with_reason = [&reference](absl::Status status, absl::string_view reason) {
    return WithReason(std::move(status), reason, {{"log_reference", reference}});
  };
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
    return with_reason(
        absl::UnavailableError(absl::StrCat("database connection lost (", reference, ")")),
        "DATABASE_UNAVAILABLE");
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr) {
    return with_reason(absl::UnavailableError(absl::StrCat(
                           "database commit outcome unknown (", reference,
                           "): read before writing again, or retry with the same request_id")),
                       "COMMIT_OUTCOME_UNKNOWN");
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error); sql != nullptr) {
    const std::string& state = sql->sqlstate();
    if (state == "40001" || state == "40P01") {
      return with_reason(
          absl::AbortedError(absl::StrCat("database conflict; try again (", reference, ")")),
          "DATABASE_CONFLICT");
    }
    // Class 08 (connection exception) and 57P0x (server shutting down) mean try again later.
    if (state.rfind("08", 0) == 0 || state.rfind("57P0", 0) == 0) {
      return with_reason(
          absl::UnavailableError(absl::StrCat("database unavailable (", reference, ")")),
          "DATABASE_UNAVAILABLE");
    }
  }
  return with_reason(
      absl::InternalError(absl::StrCat("database error; the service log has it as ", reference)),
      "INTERNAL_ERROR");
}

bool IsExclusionViolation(const std::exception& error) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
  return sql != nullptr && sql->sqlstate() == "23P01";
}

bool IsStatementRefused(const std::exception& error) {
  // An unknown commit outcome is an in_doubt_error, never an sql_error.
  return dynamic_cast<const pqxx::sql_error*>(&error) != nullptr;
}

}  // namespace foi::db
