// File: ingest-service/src/return_service.h
//
// What the ingest service does with returns, free of gRPC: authorize the caller, validate,
// then store. The gRPC adapter (ingest_grpc_service.h) only translates to and from this.
//
// Errors: PERMISSION_DENIED when the caller's role may not do this (a force key writing another
// force's return, a reader writing); INVALID_ARGUMENT with field violations for a request that
// breaks a rule (every text field is checked by common/text_rules.h); otherwise as ReturnStore.
// A validate_only write returns what would be stored without the fields only storing assigns
// (return id of a submission, version, status, created_at, created_by, source).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "common/catalog.h"
#include "common/field_violations.h"
#include "ingest-service/src/foi_return.h"
#include "ingest-service/src/return_store.h"

namespace foi::ingest {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// How a write is to be done.
struct WriteOptions {
  std::string request_id;  // a UUID making the write idempotent; empty for none
  bool validate_only = false;
  // Amend and withdraw: the version the caller read, which must still be the latest (else
  // ABORTED, reason VERSION_MISMATCH); 0 for no check.
  int expected_version = 0;
};

struct ReturnPage {
  std::vector<FoiReturn> returns;
  std::string next_page_token;  // empty on the last page
};

class ReturnService {
 public:
  // `today` tells the date against which "in the future" is judged (injected for tests).
  ReturnService(const Catalog& catalog, ReturnStore& store, std::function<absl::CivilDay()> today);

  absl::StatusOr<FoiReturn> Submit(const auth::Principal& caller, const FoiReturn& foi_return,
                                   const WriteOptions& options);
  // The same without waiting for the database: `done` gets the answer, at once when the
  // submission breaks a rule, else on one of the store's writer threads.
  void Submit(const auth::Principal& caller, FoiReturn foi_return, const WriteOptions& options,
              std::function<void(absl::StatusOr<FoiReturn>)> done);
  absl::StatusOr<FoiReturn> Amend(const auth::Principal& caller, const std::string& return_id,
                                  const FoiReturn& amended, const std::string& reason,
                                  const WriteOptions& options);
  absl::StatusOr<FoiReturn> Withdraw(const auth::Principal& caller, const std::string& return_id,
                                     const std::string& reason, const WriteOptions& options);
  // Reads are open to every valid key: FOI answers are public once given (docs/api.md, "Who
  // can read what").
  absl::StatusOr<FoiReturn> Get(absl::string_view return_id, int version);
  // INVALID_ARGUMENT for a negative page size, a malformed filter date, or a token that is not
  // from a previous page of the same filter.
  absl::StatusOr<ReturnPage> List(const ListFilter& filter, int page_size,
                                  const std::string& page_token);

  // The violations of `foi_return` (empty when valid), judged today.
  std::vector<FieldViolation> Validate(const FoiReturn& foi_return) const;

  // What the writer should know about `foi_return` (return_validator.h): given with every
  // successful write, validate_only included.
  std::vector<Warning> WarningsFor(const FoiReturn& foi_return) const;

 private:
  const Catalog& catalog_;
  ReturnStore& store_;
  std::function<absl::CivilDay()> today_;
};

// OK when `caller` may write returns of `force_id`, else PERMISSION_DENIED.
absl::Status AuthorizeWrite(const auth::Principal& caller, absl::string_view force_id);

// OK when `caller` may write returns of some force, else PERMISSION_DENIED (a read-only key).
absl::Status AuthorizeSomeWrite(const auth::Principal& caller);

}  // namespace foi::ingest
