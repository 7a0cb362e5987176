// File: tests/support/private_postgres.h
//
// A PostgreSQL cluster of a test's own, for tests that crash, stop or replicate a server and
// so cannot share the suite's. Driven through deploy/lib/postgres.sh, as tests/run and
// deploy/local/up drive theirs. Stopped and removed when destroyed.
#pragma once

#include <memory>
#include <string>

namespace foi::testing {

class PrivatePostgres {
 public:
  // A new cluster on a free port, or nullptr (and a test failure) if it cannot start.
  static std::unique_ptr<PrivatePostgres> Start();
  // A streaming replica of `primary`, cloned with pg_basebackup.
  static std::unique_ptr<PrivatePostgres> StartReplicaOf(const PrivatePostgres& primary);
  ~PrivatePostgres();

  int port() const { return port_; }
  // postgresql://USER@127.0.0.1:PORT/DATABASE
  std::string Url(const std::string& user, const std::string& database) const;

  // SIGKILL to every process of the cluster.
  bool Crash();
  // Starts it again (after a crash, through recovery).
  bool Restart();
  // Fast shutdown.
  bool Stop();
  // Creates `database` and applies the built-in migrations to it.
  bool CreateMigratedDatabase(const std::string& database);

 private:
  PrivatePostgres(std::string dir, int port) : dir_(std::move(dir)), port_(port) {}

  std::string dir_;
  int port_;
};

}  // namespace foi::testing
