// File: tests/support/test_database.h
//
// A fresh database per test on the real PostgreSQL server that tests/run starts. The server is
// named by FOI_TEST_DATABASE_URL, a connection URI without a database name
// ("postgresql://postgres@127.0.0.1:5432"). Each TestDatabase is dropped when destroyed, so
// tests are hermetic and may run in parallel.
#pragma once

#include <map>
#include <memory>
#include <string>

namespace foi::testing {

class TestDatabase {
 public:
  // An empty database. Fails the calling test (and returns nullptr) without a server.
  static std::unique_ptr<TestDatabase> CreateEmpty();
  // A database with every built-in migration applied.
  static std::unique_ptr<TestDatabase> CreateMigrated();

  ~TestDatabase();

  // Connection URI of this database.
  const std::string& url() const { return url_; }

  // The same database as role `user`, and when `unreachable_host_first` is set, as a
  // multi-host URI that lists that host:port before the real server (libpq tries in order).
  std::string UrlAs(const std::string& user, const std::string& unreachable_host_first = "") const;

  // Row counts of the tables returns are stored in, to show that a rejected write left
  // everything as it was.
  std::map<std::string, long> ReturnTableCounts() const;

 private:
  TestDatabase(std::string server_url, std::string name);

  std::string server_url_;
  std::string name_;
  std::string url_;
};

}  // namespace foi::testing
