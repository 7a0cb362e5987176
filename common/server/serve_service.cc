#include "common/server/serve_service.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "common/db/database_probe.h"
#include "common/log.h"
#include "common/server/wait_for_catalog.h"

namespace foi {

int ServeService(ServiceParts parts, ServerOptions options) {
  db::ConnectionPool& pool = parts.pool;
  parts.metrics.RegisterGauge("foi_db_pool_connections_in_use", "Database connections lent out.",
                              [&pool] { return pool.in_use(); });
  parts.metrics.RegisterGauge("foi_db_pool_connections_max",
                              "Size of the database connection pool.",
                              [&pool] { return pool.size(); });

  std::atomic<bool> stopping{false};
  std::atomic<bool> failed{false};
  std::thread startup([&] {
    absl::StatusOr<Catalog> loaded = WaitForCatalog(pool, stopping);
    if (loaded.ok()) {
      parts.catalog = *std::move(loaded);
      parts.readiness.MarkCatalogLoaded();
      parts.on_catalog_loaded();
    } else if (!absl::IsCancelled(loaded.status())) {
      LogError("cannot load the catalog", {{"error", std::string(loaded.status().message())}});
      failed = true;
      kill(getpid(), SIGTERM);  // stop the server the usual way
    }
  });

  db::DatabaseProbe probe(parts.database_url);
  options.ready = [&] {
    parts.readiness.SetDatabaseReachable(probe.Reachable());
    return parts.readiness.serving() && parts.also_ready();
  };
  const absl::Status served = RunGrpcServer(options, parts.services, parts.metrics);
  stopping = true;
  startup.join();
  if (!served.ok()) {
    LogError("server failed", {{"error", std::string(served.message())}});
    return 1;
  }
  return failed ? 1 : 0;
}

}  // namespace foi
