// File: ingest-service/src/request_claims.h
//
// Request ids that make writes safe to retry. The first write with an id claims it, in its own
// transaction, together with a hash of its request and the version it makes; a retry with the
// same id and hash is answered from that first write; the same id with another hash is
// INVALID_ARGUMENT (REQUEST_ID_REUSED).
//
//   FOI_ASSIGN_OR_RETURN(std::optional<Replay> replay,
//                        ClaimRequest(txn, claim, key_id, return_id, version));
//   if (replay) ... answer with version replay->version of replay->return_id ...
#pragma once

#include <pqxx/pqxx>

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"

namespace foi::ingest {

// The idempotency claim of a write; an empty request_id means none.
struct RequestClaim {
  std::string request_id;    // a UUID, in lower case
  std::string request_hash;  // raw bytes, e.g. a SHA-256 of the canonical request
};

// Where an earlier write with the same request id left its result.
struct Replay {
  std::string return_id;
  int version = 0;
};

// Claims for several writes made with one statement (claim_request_ids.sql).
class RequestClaims {
 public:
  // Adds the claim of the write of `version` of `return_id` by key `key_id`.
  void Add(const RequestClaim& claim, const std::string& key_id, const std::string& return_id,
           int version);

  bool empty() const { return request_id_.empty(); }

  // Makes the claims; returns the request ids claimed now (an id missing was claimed before).
  absl::flat_hash_set<std::string> Insert(pqxx::transaction_base& txn) const;

 private:
  std::vector<std::optional<std::string>> request_id_, request_hash_, key_id_, return_id_;
  std::vector<std::optional<int64_t>> version_;
};

// Claims the request id of one write. nullopt: claimed now (or no id given); a Replay: the
// same request was done before; INVALID_ARGUMENT (REQUEST_ID_REUSED): the id was used for
// another request.
absl::StatusOr<std::optional<Replay>> ClaimRequest(pqxx::transaction_base& txn,
                                                   const RequestClaim& claim,
                                                   const std::string& key_id,
                                                   const std::string& return_id, int version);

}  // namespace foi::ingest
