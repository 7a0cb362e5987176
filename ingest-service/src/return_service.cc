#include "ingest-service/src/return_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ingest-service/src/return_validator.h"

namespace foi::ingest {

ReturnService::ReturnService(const Catalog& catalog, ReturnStore& store,
                             std::function<absl::CivilDay()> today)
    : catalog_(catalog), store_(store), today_(std::move(today)) {}

absl::StatusOr<FoiReturn> ReturnService::Submit(const FoiReturn& foi_return, bool validate_only) {
  const std::vector<FieldViolation> violations = ValidateReturn(foi_return, catalog_, today_());
  if (!violations.empty()) {
    return InvalidArgumentWithViolations(
        absl::StrCat("the return breaks ", violations.size(), " rule(s)"), violations);
  }
  if (validate_only) return foi_return;
  return store_.Insert(foi_return);
}

absl::StatusOr<FoiReturn> ReturnService::Get(absl::string_view return_id, int version) {
  if (version < 0) {
    return InvalidArgumentWithViolations("invalid request",
                                         {{"version", "must be 0 (latest) or a version number"}});
  }
  return store_.Get(return_id, version);
}

}  // namespace foi::ingest
