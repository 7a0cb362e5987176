// File: common/db/pq_errors.h
//
// Turns a libpqxx exception into the absl::Status the rest of the code speaks.
#pragma once

#include <exception>

#include "absl/status/status.h"

namespace foi::db {

// UNAVAILABLE for a lost connection or an unknown commit outcome (the caller may retry),
// ABORTED for serialization failures and deadlocks, INTERNAL for anything else.
absl::Status StatusFromException(const std::exception& error);

}  // namespace foi::db
