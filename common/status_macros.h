// File: common/status_macros.h
//
// Early-return helpers for absl::Status and absl::StatusOr, which Abseil 20220623 lacks.
//
//   FOI_RETURN_IF_ERROR(store.Insert(row));
//   FOI_ASSIGN_OR_RETURN(Catalog catalog, LoadCatalog(txn));
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define FOI_STATUS_CONCAT_INNER(a, b) a##b
#define FOI_STATUS_CONCAT(a, b) FOI_STATUS_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define FOI_RETURN_IF_ERROR(expr)                                 \
  do {                                                            \
    if (::absl::Status foi_status_ = (expr); !foi_status_.ok()) { \
      return foi_status_;                                         \
    }                                                             \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status when not OK, otherwise
// move-assigns its value to `lhs`, which may be a declaration.
#define FOI_ASSIGN_OR_RETURN(lhs, rexpr) \
  FOI_ASSIGN_OR_RETURN_IMPL(FOI_STATUS_CONCAT(foi_statusor_, __LINE__), lhs, rexpr)

#define FOI_ASSIGN_OR_RETURN_IMPL(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                              \
  if (!statusor.ok()) {                                 \
    return std::move(statusor).status();                \
  }                                                     \
  lhs = std::move(statusor).value()
