// File: common/db/migration.h
//
// One schema migration: a plain .sql file under common/db/migrations, named V<version>__<name>.sql
// and embedded at build time (cmake/EmbedSql.cmake).
#pragma once

#include "absl/strings/string_view.h"

namespace foi::db {

struct Migration {
  int version;
  absl::string_view name;
  absl::string_view sql;
};

}  // namespace foi::db
