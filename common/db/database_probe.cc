#include "common/db/database_probe.h"

#include <pqxx/nontransaction>

namespace foi::db {

DatabaseProbe::DatabaseProbe(const std::string& connection_string)
    : connection_string_(connection_string.find("://") == std::string::npos
                             ? connection_string + " connect_timeout=3"
                             : connection_string +
                                   (connection_string.find('?') == std::string::npos ? "?" : "&") +
                                   "connect_timeout=3") {}

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
