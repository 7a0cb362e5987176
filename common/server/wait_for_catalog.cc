#include "common/server/wait_for_catalog.h"

#include <algorithm>

#include "common/db/catalog_loader.h"
#include "common/log.h"
#include "common/server/termination_signals.h"

namespace foi {

absl::StatusOr<Catalog> WaitForCatalog(db::ConnectionPool& pool) {
  absl::Duration backoff = absl::Milliseconds(200);
  while (true) {
    absl::StatusOr<Catalog> catalog = db::LoadCatalog(pool);
    if (catalog.ok() || !absl::IsUnavailable(catalog.status())) return catalog;
    LogWarning("database not ready, retrying",
               {{"error", std::string(catalog.status().message())},
                {"retry_in", absl::FormatDuration(backoff)}});
    if (TerminationSignals::WaitFor(backoff)) {
      return absl::CancelledError("stopped while waiting for the database");
    }
    backoff = std::min(backoff * 2, absl::Seconds(10));
  }
}

}  // namespace foi
