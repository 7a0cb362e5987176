// File: common/server/readiness.h
//
// Whether a service can answer: its catalog is loaded and its database answers. A service
// starts serving at once, even with its database down: health says NOT_SERVING and calls get
// UNAVAILABLE until it is ready, and it follows the database's outages after that.
#pragma once

#include <atomic>

#include "absl/status/status.h"
#include "common/error_info.h"

namespace foi {

class Readiness {
 public:
  // Once, after the catalog has been written: readers that see this see the whole catalog.
  void MarkCatalogLoaded() { catalog_loaded_.store(true, std::memory_order_release); }
  bool catalog_loaded() const { return catalog_loaded_.load(std::memory_order_acquire); }

  void SetDatabaseReachable(bool reachable) { database_reachable_.store(reachable); }

  bool serving() const { return catalog_loaded() && database_reachable_.load(); }

  // OK once the catalog is loaded (a call may still meet a database outage, which it reports
  // as UNAVAILABLE itself); UNAVAILABLE before.
  absl::Status CheckCatalog() const {
    if (catalog_loaded()) return absl::OkStatus();
    return WithReason(absl::UnavailableError("starting: waiting for the database"), "NOT_READY");
  }

 private:
  std::atomic<bool> catalog_loaded_{false};
  std::atomic<bool> database_reachable_{false};
};

}  // namespace foi
