// File: ingest-service/src/xlsx_errors.h
//
// The errors every step of reading an .xlsx workbook fails with, so that all of them say the
// same thing the same way: FILE_INVALID for a file that is no readable workbook, FILE_TOO_LARGE
// for one over a size limit. Text taken from the file (a part's name, a cell reference) is
// shortened first: a message never carries much of what the file holds.
//
//   if (!package.Has(part)) return xlsx::Unreadable(part, "missing");
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace foi::ingest::xlsx {

// Untrusted text (a part's name, a cell reference) shortened for a message: at most 300 bytes,
// cut between characters, then "...".
std::string Shorten(absl::string_view text);

// INVALID_ARGUMENT, reason FILE_INVALID: the file cannot be read as a workbook. `where` names
// the part or cell, as the field violation's field; `why` is its description.
absl::Status Unreadable(absl::string_view where, absl::string_view why);

// INVALID_ARGUMENT, reason FILE_TOO_LARGE, with metadata max_bytes = `max_bytes`.
absl::Status TooLarge(absl::string_view message, int64_t max_bytes);

}  // namespace foi::ingest::xlsx
