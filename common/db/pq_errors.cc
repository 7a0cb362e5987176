#include "common/db/pq_errors.h"

#include <pqxx/except>

#include <atomic>

#include "absl/strings/str_cat.h"
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
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
    return absl::UnavailableError(
        absl::StrCat("database connection lost (", LogForOperator(error), ")"));
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr) {
    return absl::UnavailableError(
        absl::StrCat("database commit outcome unknown (", LogForOperator(error), ")"));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error); sql != nullptr) {
    const std::string& state = sql->sqlstate();
    if (state == "40001" || state == "40P01") {
      return absl::AbortedError(
          absl::StrCat("database conflict; try again (", LogForOperator(error), ")"));
    }
    // Class 08 (connection exception) and 57P0x (server shutting down) mean try again later.
    if (state.rfind("08", 0) == 0 || state.rfind("57P0", 0) == 0) {
      return absl::UnavailableError(
          absl::StrCat("database unavailable (", LogForOperator(error), ")"));
    }
  }
  return absl::InternalError(
      absl::StrCat("database error; the service log has it as ", LogForOperator(error)));
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
