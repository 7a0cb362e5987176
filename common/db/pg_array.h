// File: common/db/pg_array.h
//
// PostgreSQL array literals ('{"a","b",NULL}') for passing a whole column of values as one
// statement parameter, so a return's lines are written in one round trip with unnest().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace foi::db {

// Every element quoted and escaped; nullopt becomes NULL. Use with a `$n::text[]` cast.
std::string TextArrayLiteral(const std::vector<std::optional<std::string>>& values);

// nullopt becomes NULL. Use with a `$n::bigint[]` or `$n::int[]` cast.
std::string IntArrayLiteral(const std::vector<std::optional<int64_t>>& values);

// Use with a `$n::boolean[]` cast.
std::string BoolArrayLiteral(const std::vector<bool>& values);

}  // namespace foi::db
