#include "common/server/wait_for_catalog.h"

#include <algorithm>
#include <thread>

#include "common/db/catalog_loader.h"
#include "common/log.h"

namespace foi {

absl::StatusOr<Catalog> WaitForCatalog(db::ConnectionPool& pool,
                                       const std::atomic<bool>& stopping) {
  absl::Duration backoff = absl::Milliseconds(200);
  while (true) {
    absl::StatusOr<Catalog> catalog = db::LoadCatalog(pool);
    if (catalog.ok() || !absl::IsUnavailable(catalog.status())) return catalog;
    LogWarning("database not ready, retrying", {{"error", std::string(catalog.status().message())},
                                                {"retry_in", absl::FormatDuration(backoff)}});
    for (absl::Duration slept; slept < backoff; slept += absl::Milliseconds(50)) {
      if (stopping) return absl::CancelledError("stopped while waiting for the database");
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    backoff = std::min(backoff * 2, absl::Seconds(10));
  }
}

}  // namespace foi
