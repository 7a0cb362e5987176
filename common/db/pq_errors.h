// File: common/db/pq_errors.h
//
// Turns a libpqxx exception into the absl::Status the rest of the code speaks, and names the
// kinds of failure callers branch on.
#pragma once

#include <exception>

#include "absl/status/status.h"

namespace foi::db {

// FAILED_PRECONDITION (OVERLAPS_ACTIVE_RETURN) when the exclusion constraint refused an
// overlapping period, UNAVAILABLE for a lost connection or an unknown commit outcome (the
// caller may retry), ABORTED for serialization failures and deadlocks, INTERNAL for anything
// else; each with its ErrorInfo reason. The message
// never quotes the database's own error text (it holds SQL and client values): that is logged,
// and the message names the log line.
absl::Status StatusFromException(const std::exception& error);

// The exclusion constraint refused a row (SQLSTATE 23P01): a period overlapping an active
// return of the same force and offence, stored by a concurrent writer.
bool IsExclusionViolation(const std::exception& error);

// PostgreSQL refused a statement (any SQLSTATE): the transaction was rolled back and nothing
// of it was committed.
bool IsStatementRefused(const std::exception& error);

}  // namespace foi::db
