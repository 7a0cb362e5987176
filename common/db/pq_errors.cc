#include "common/db/pq_errors.h"

#include <pqxx/except>

#include "absl/strings/str_cat.h"

namespace foi::db {

absl::Status StatusFromException(const std::exception& error) {
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
    return absl::UnavailableError(absl::StrCat("database connection lost: ", error.what()));
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr) {
    return absl::UnavailableError(absl::StrCat("database commit outcome unknown: ", error.what()));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error); sql != nullptr) {
    const std::string& state = sql->sqlstate();
    if (state == "40001" || state == "40P01") {
      return absl::AbortedError(absl::StrCat("database conflict: ", error.what()));
    }
    // Class 08 (connection exception) and 57P0x (server shutting down) mean try again later.
    if (state.rfind("08", 0) == 0 || state.rfind("57P0", 0) == 0) {
      return absl::UnavailableError(absl::StrCat("database unavailable: ", error.what()));
    }
  }
  return absl::InternalError(absl::StrCat("database error: ", error.what()));
}

}  // namespace foi::db
