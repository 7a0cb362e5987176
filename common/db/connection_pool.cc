#include "common/db/connection_pool.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/db/pq_errors.h"
#include "common/error_info.h"

namespace foi::db {

PooledConnection::PooledConnection(ConnectionPool* pool,
                                   std::unique_ptr<pqxx::connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

PooledConnection::PooledConnection(PooledConnection&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}

PooledConnection::~PooledConnection() {
  if (pool_ != nullptr) pool_->Release(std::move(connection_));
}

ConnectionPool::ConnectionPool(std::string connection_string, int size,
                               absl::Duration acquire_timeout)
    : connection_string_(std::move(connection_string)),
      size_(size < 1 ? 1 : size),
      acquire_timeout_(acquire_timeout) {}

absl::StatusOr<PooledConnection> ConnectionPool::Acquire() {
  std::unique_ptr<pqxx::connection> connection;
  {
    absl::MutexLock lock(&mutex_);
    auto slot_free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
      return !idle_.empty() || borrowed_ < size_;
    };
    if (!mutex_.AwaitWithTimeout(absl::Condition(&slot_free), acquire_timeout_)) {
      return WithReason(
          absl::UnavailableError(absl::StrCat("all ", size_, " database connections stayed busy")),
          "DATABASE_BUSY");
    }
    if (!idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
    }
    ++borrowed_;
  }
  // From here the slot is ours: a failure below must hand it back.
  PooledConnection borrowed(this, std::move(connection));
  if (borrowed.connection_ == nullptr || !borrowed.connection_->is_open()) {
    try {
      borrowed.connection_ = std::make_unique<pqxx::connection>(connection_string_);
    } catch (const std::exception& error) {
      return StatusFromException(error);
    }
  }
  return borrowed;
}

void ConnectionPool::Release(std::unique_ptr<pqxx::connection> connection) {
  absl::MutexLock lock(&mutex_);
  --borrowed_;
  // A connection left broken is dropped; the next Acquire opens a fresh one.
  if (connection != nullptr && connection->is_open()) idle_.push_back(std::move(connection));
}

}  // namespace foi::db
