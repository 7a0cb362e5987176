#include "tests/support/test_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/db/migrator.h"

namespace foi::testing {
namespace {

std::string ServerUrl() {
  const char* url = std::getenv("FOI_TEST_DATABASE_URL");
  return url == nullptr ? "" : url;
}

std::string UniqueName() {
  static std::atomic<int> counter{0};
  return absl::StrCat("foi_test_", getpid(), "_", counter++);
}

}  // namespace

TestDatabase::TestDatabase(std::string server_url, std::string name)
    : server_url_(std::move(server_url)),
      name_(std::move(name)),
      url_(absl::StrCat(server_url_, "/", name_)) {}

std::unique_ptr<TestDatabase> TestDatabase::CreateEmpty() {
  const std::string server_url = ServerUrl();
  if (server_url.empty()) {
    ADD_FAILURE() << "FOI_TEST_DATABASE_URL is not set: run the suite through tests/run, or "
                     "point it at a PostgreSQL server (postgresql://user@host:port)";
    return nullptr;
  }
  std::unique_ptr<TestDatabase> database(new TestDatabase(server_url, UniqueName()));
  pqxx::connection admin(absl::StrCat(server_url, "/postgres"));
  pqxx::nontransaction(admin).exec(absl::StrCat("CREATE DATABASE ", database->name_));
  return database;
}

std::unique_ptr<TestDatabase> TestDatabase::CreateMigrated() {
  std::unique_ptr<TestDatabase> database = CreateEmpty();
  if (database == nullptr) return nullptr;
  pqxx::connection connection(database->url());
  auto applied = db::ApplyMigrations(connection, db::BuiltInMigrations());
  if (!applied.ok()) {
    ADD_FAILURE() << "migrations failed: " << applied.status();
    return nullptr;
  }
  return database;
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection admin(absl::StrCat(server_url_, "/postgres"));
    pqxx::nontransaction(admin).exec(
        absl::StrCat("DROP DATABASE IF EXISTS ", name_, " WITH (FORCE)"));
  } catch (const std::exception& error) {
    ADD_FAILURE() << "could not drop test database " << name_ << ": " << error.what();
  }
}

std::string TestDatabase::UrlAs(const std::string& user,
                                const std::string& unreachable_host_first) const {
  // server_url_ is scheme://user@host:port
  const size_t scheme_end = server_url_.find("://") + 3;
  const size_t at = server_url_.find('@', scheme_end);
  const std::string host_port = server_url_.substr(at + 1);
  const std::string hosts =
      unreachable_host_first.empty() ? host_port : unreachable_host_first + "," + host_port;
  return absl::StrCat(server_url_.substr(0, scheme_end), user, "@", hosts, "/", name_);
}

std::map<std::string, long> TestDatabase::ReturnTableCounts() const {
  pqxx::connection connection(url_);
  pqxx::read_transaction txn(connection);
  std::map<std::string, long> counts;
  for (const char* table : {"foi_returns", "return_lines"}) {
    counts[table] = txn.exec1(absl::StrCat("SELECT count(*) FROM ", table))[0].as<long>();
  }
  return counts;
}

}  // namespace foi::testing
