// File: ingest-service/src/return_service.h
//
// What the ingest service does with a return, free of gRPC: validate, then store. The gRPC
// adapter (ingest_grpc_service.h) only translates to and from this.
#pragma once

#include <functional>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/catalog.h"
#include "ingest-service/src/foi_return.h"
#include "ingest-service/src/return_store.h"

namespace foi::ingest {

class ReturnService {
 public:
  // `today` tells the date against which "in the future" is judged (injected for tests).
  ReturnService(const Catalog& catalog, ReturnStore& store, std::function<absl::CivilDay()> today);

  // Validates `foi_return` and, unless `validate_only`, stores it as a new return.
  // INVALID_ARGUMENT with every field violation when it breaks a rule; nothing is written.
  absl::StatusOr<FoiReturn> Submit(const FoiReturn& foi_return, bool validate_only);

  // See ReturnStore::Get.
  absl::StatusOr<FoiReturn> Get(absl::string_view return_id, int version);

 private:
  const Catalog& catalog_;
  ReturnStore& store_;
  std::function<absl::CivilDay()> today_;
};

}  // namespace foi::ingest
