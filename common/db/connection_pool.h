// File: common/db/connection_pool.h
//
// A fixed number of PostgreSQL connections shared by a server's threads. Connections open
// lazily and a broken one is replaced on its next use, so the pool survives a database restart.
//
//   FOI_ASSIGN_OR_RETURN(PooledConnection connection, pool.Acquire());
//   pqxx::work txn(*connection);
#pragma once

#include <pqxx/connection>

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace foi::db {

class ConnectionPool;

// A connection borrowed from the pool; given back when destroyed.
class PooledConnection {
 public:
  PooledConnection(PooledConnection&& other) noexcept;
  PooledConnection& operator=(PooledConnection&&) = delete;
  ~PooledConnection();

  pqxx::connection& operator*() { return *connection_; }
  pqxx::connection* operator->() { return connection_.get(); }

 private:
  friend class ConnectionPool;
  PooledConnection(ConnectionPool* pool, std::unique_ptr<pqxx::connection> connection);

  ConnectionPool* pool_;
  std::unique_ptr<pqxx::connection> connection_;
};

class ConnectionPool {
 public:
  // `connection_string` is a libpq URI or key=value string; at most `size` connections open.
  ConnectionPool(std::string connection_string, int size,
                 absl::Duration acquire_timeout = absl::Seconds(5));

  // A usable connection. UNAVAILABLE when the database cannot be reached or every connection
  // stayed busy for the acquire timeout.
  absl::StatusOr<PooledConnection> Acquire();

  int size() const { return size_; }
  // Connections lent out right now.
  int in_use() const {
    absl::MutexLock lock(&mutex_);
    return borrowed_;
  }

 private:
  friend class PooledConnection;
  void Release(std::unique_ptr<pqxx::connection> connection);

  const std::string connection_string_;
  const int size_;
  const absl::Duration acquire_timeout_;

  mutable absl::Mutex mutex_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mutex_);
  int borrowed_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace foi::db
