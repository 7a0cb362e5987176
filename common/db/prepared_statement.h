// File: common/db/prepared_statement.h
//
// Runs a statement as a prepared statement of its connection: PostgreSQL then plans it once
// per connection instead of on every call (worth it for statements on a hot write path).
// Preparing is lazy and idempotent in libpqxx 6, so a call after the first costs a lookup.
//
//   ExecPrepared(txn, "insert_versions", kInsertVersions, ids, versions, ...);
#pragma once

#include <pqxx/pqxx>

#include <string>
#include <string_view>
#include <utility>

namespace foi::db {

template <typename... Args>
pqxx::result ExecPrepared(pqxx::transaction_base& txn, const char* name, std::string_view sql,
                          Args&&... args) {
  txn.conn().prepare(name, std::string(sql));
  return txn.exec_prepared(name, std::forward<Args>(args)...);
}

}  // namespace foi::db
