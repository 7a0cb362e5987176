#include "common/auth/key_store.h"

#include <pqxx/pqxx>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/auth/api_key.h"
#include "common/db/pq_errors.h"
#include "common/status_macros.h"
#include "common/text_rules.h"
#include "key_queries.h"  // generated: kInsertApiKey, kRevokeApiKey, kSelectApiKey, kSelectApiKeys

namespace foi::auth {

absl::StatusOr<std::string> KeyStore::Create(Role role, const std::string& force_id,
                                             const std::string& name) {
  if ((role == Role::kForce) == force_id.empty()) {
    return absl::InvalidArgumentError(role == Role::kForce
                                          ? "a force key needs --force=<force id>"
                                          : "only a force key is bound to a force");
  }
  if (name.empty()) return absl::InvalidArgumentError("give the key a --name (who holds it)");
  const GeneratedKey generated = GenerateKey();
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  try {
    pqxx::work txn(*connection);
    txn.exec_params(std::string(kInsertApiKey), generated.key_id,
                    absl::BytesToHexString(HashKey(generated.key)), std::string(RoleName(role)),
                    force_id, name);
    txn.commit();
  } catch (const pqxx::foreign_key_violation&) {
    return absl::InvalidArgumentError(absl::StrCat("unknown force ", QuoteForMessage(force_id)));
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
  return generated.key;
}

absl::Status KeyStore::Revoke(const std::string& key_id) {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  try {
    pqxx::work txn(*connection);
    const pqxx::result result = txn.exec_params(std::string(kRevokeApiKey), key_id);
    txn.commit();
    if (result.affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("no live key with id ", key_id));
    }
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<KeyListing>> KeyStore::List() {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  std::vector<KeyListing> keys;
  try {
    pqxx::read_transaction txn(*connection);
    for (const auto& row : txn.exec(std::string(kSelectApiKeys))) {
      KeyListing listing;
      listing.principal.key_id = row[0].as<std::string>();
      listing.principal.role = ParseRole(row[1].as<std::string>()).value_or(Role::kReader);
      listing.principal.force_id = row[2].as<std::string>();
      listing.principal.name = row[3].as<std::string>();
      listing.created_at = row[4].as<std::string>();
      listing.revoked_at = row[5].as<std::string>();
      keys.push_back(std::move(listing));
    }
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
  return keys;
}

absl::StatusOr<std::optional<StoredKey>> KeyStore::FindLive(const std::string& key_id) {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  try {
    pqxx::read_transaction txn(*connection);
    const pqxx::result rows = txn.exec_params(std::string(kSelectApiKey), key_id);
    if (rows.empty()) return std::optional<StoredKey>();
    StoredKey stored;
    stored.key_hash = absl::HexStringToBytes(rows[0][0].as<std::string>());
    stored.principal.key_id = key_id;
    stored.principal.role = ParseRole(rows[0][1].as<std::string>()).value_or(Role::kReader);
    stored.principal.force_id = rows[0][2].as<std::string>();
    stored.principal.name = rows[0][3].as<std::string>();
    return std::optional<StoredKey>(std::move(stored));
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
}

}  // namespace foi::auth
