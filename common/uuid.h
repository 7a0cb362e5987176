// File: common/uuid.h
//
// UUIDs as the API writes them: return ids and request ids.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace foi {

// A UUID's 16 bytes, as the text's hexadecimal digits give them.
using UuidBytes = std::array<uint8_t, 16>;

// True for the canonical textual form: 8-4-4-4-12 hexadecimal digits, either case.
bool IsUuid(absl::string_view text);

// The bytes of `text`, or nullopt unless IsUuid(text).
std::optional<UuidBytes> ParseUuid(absl::string_view text);
// The canonical form of `bytes`, in lower case, as PostgreSQL writes a uuid.
std::string FormatUuid(const UuidBytes& bytes);

// A fresh time-ordered (version 7) UUID, in lower case: the Unix time in milliseconds, then 74
// random bits. Ids made one after another sort near each other, so the indexes keyed by return
// id (a version, its lines, its audit events) grow at their right-hand edge instead of at
// random pages all over: storing a batch or an import touches a few pages, not one per return.
std::string NewUuid();

}  // namespace foi
