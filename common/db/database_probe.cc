#include "common/db/database_probe.h"

#include <pqxx/nontransaction>

namespace foi::db {

bool DatabaseProbe::Reachable() {
  try {
    if (connection_ == nullptr || !connection_->is_open()) {
      connection_ = std::make_unique<pqxx::connection>(connection_string_);
    }
    pqxx::nontransaction(*connection_).exec("SELECT 1");
    return true;
  } catch (const std::exception&) {
    connection_.reset();
    return false;
  }
}

}  // namespace foi::db
