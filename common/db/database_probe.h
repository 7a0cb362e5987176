// File: common/db/database_probe.h
//
// Whether the database answers, asked on a connection of the probe's own: a pool busy with
// slow calls must not make a healthy database look down.
#pragma once

#include <pqxx/connection>

#include <memory>
#include <string>

namespace foi::db {

class DatabaseProbe {
 public:
  // Connects with a short timeout, so a host that stops answering cannot stall the probe.
  explicit DatabaseProbe(const std::string& connection_string);

  // True when `SELECT 1` succeeds; reconnects as needed. Not thread-safe: one caller.
  bool Reachable();

 private:
  const std::string connection_string_;
  std::unique_ptr<pqxx::connection> connection_;
};

}  // namespace foi::db
