#include "ingest-service/src/request_claims.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/db/pg_array.h"
#include "common/db/prepared_statement.h"
#include "common/error_info.h"
#include "return_queries.h"  // generated: one constant per queries/*.sql

namespace foi::ingest {

void RequestClaims::Add(const RequestClaim& claim, const std::string& key_id,
                        const std::string& return_id, int version) {
  request_id_.push_back(claim.request_id);
  request_hash_.push_back(absl::BytesToHexString(claim.request_hash));
  key_id_.push_back(key_id);
  return_id_.push_back(return_id);
  version_.push_back(version);
}

absl::flat_hash_set<std::string> RequestClaims::Insert(pqxx::transaction_base& txn) const {
  absl::flat_hash_set<std::string> claimed;
  for (const auto& row : db::ExecPrepared(
           txn, "claim_request_ids", kClaimRequestIds, db::TextArrayLiteral(request_id_),
           db::TextArrayLiteral(request_hash_), db::TextArrayLiteral(key_id_),
           db::TextArrayLiteral(return_id_), db::IntArrayLiteral(version_))) {
    claimed.insert(row["request_id"].as<std::string>());
  }
  return claimed;
}

absl::StatusOr<std::optional<Replay>> ClaimRequest(pqxx::transaction_base& txn,
                                                   const RequestClaim& claim,
                                                   const std::string& key_id,
                                                   const std::string& return_id, int version) {
  if (claim.request_id.empty()) return std::optional<Replay>();
  RequestClaims claims;
  claims.Add(claim, key_id, return_id, version);
  if (!claims.Insert(txn).empty()) return std::optional<Replay>();
  const pqxx::row first = txn.exec_params1(std::string(kSelectRequestClaim), claim.request_id);
  if (first["request_hash"].as<std::string>() != absl::BytesToHexString(claim.request_hash)) {
    return WithReason(
        absl::InvalidArgumentError(absl::StrCat("request_id ", claim.request_id,
                                                " was already used for a different request")),
        "REQUEST_ID_REUSED", {{"request_id", claim.request_id}});
  }
  return std::optional<Replay>(
      Replay{first["return_id"].as<std::string>(), first["version"].as<int>()});
}

}  // namespace foi::ingest
