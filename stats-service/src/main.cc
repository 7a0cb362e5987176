// stats-service: serves outcome comparisons between forces over gRPC, from an in-memory
// snapshot of PostgreSQL kept fresh by change notices.
#include <algorithm>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "common/auth/authenticator.h"
#include "common/auth/key_store.h"
#include "common/config.h"
#include "common/db/connection_pool.h"
#include "common/log.h"
#include "common/server/call_metrics.h"
#include "common/server/grpc_server.h"
#include "common/server/readiness.h"
#include "common/server/serve_service.h"
#include "common/server/termination_signals.h"
#include "stats-service/src/snapshot_refresher.h"
#include "stats-service/src/stats_grpc_service.h"
#include "stats-service/src/stats_queries.h"

ABSL_FLAG(std::string, listen, "",
          "host:port to serve on (else $FOI_STATS_LISTEN, else 0.0.0.0:50052)");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL connection string; read-only is enough, and several hosts may be given "
          "(else $FOI_STATS_DATABASE_URL, else $FOI_DATABASE_URL)");
ABSL_FLAG(int, db_pool_size, 4, "most database connections held open at once");
ABSL_FLAG(int, answer_cache_mib, 64,
          "most MiB of CompareForces answers kept for the current snapshot (0: none)");
ABSL_FLAG(bool, require_api_key, false,
          "refuse calls without a valid API key (any role); also $FOI_STATS_REQUIRE_API_KEY=1");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Serves foi.v1.StatsService: outcome comparisons between forces.");
  absl::ParseCommandLine(argc, argv);
  foi::TerminationSignals::Block();

  const std::string listen =
      foi::FlagOrEnv(absl::GetFlag(FLAGS_listen), "FOI_STATS_LISTEN", "0.0.0.0:50052");
  const std::string database_url =
      foi::FlagOrEnv(absl::GetFlag(FLAGS_database_url), "FOI_STATS_DATABASE_URL",
                     foi::FlagOrEnv("", "FOI_DATABASE_URL", ""));
  if (database_url.empty()) {
    foi::LogError("no database: give --database_url or set FOI_STATS_DATABASE_URL");
    return 2;
  }
  const bool require_key = absl::GetFlag(FLAGS_require_api_key) ||
                           foi::FlagOrEnv("", "FOI_STATS_REQUIRE_API_KEY", "0") == "1";

  // Serves at once; the catalog and the snapshot arrive when the database first answers.
  foi::db::ConnectionPool pool(database_url, absl::GetFlag(FLAGS_db_pool_size));
  foi::Catalog catalog;
  foi::Readiness readiness;
  foi::CallMetrics metrics;
  foi::stats::SnapshotHolder snapshots;
  foi::stats::SnapshotRefresher refresher(database_url, pool, snapshots);
  foi::auth::KeyStore keys(pool);
  foi::auth::Authenticator authenticator(keys);
  foi::stats::StatsQueries queries(catalog, snapshots);
  foi::stats::StatsGrpcService grpc_service(
      catalog, queries, readiness, require_key ? &authenticator : nullptr,
      static_cast<size_t>(std::max(0, absl::GetFlag(FLAGS_answer_cache_mib))) << 20);
  metrics.RegisterGauge(
      "foi_stats_snapshot_age_seconds", "Seconds since the figures in memory were last reloaded.",
      [&snapshots] { return absl::ToDoubleSeconds(absl::Now() - snapshots.loaded_at()); });
  metrics.RegisterGauge("foi_stats_snapshot_returns", "Active returns in memory.", [&snapshots] {
    auto snapshot = snapshots.Get();
    return snapshot == nullptr ? 0.0 : static_cast<double>(snapshot->size());
  });

  return foi::ServeService({.pool = pool,
                            .database_url = database_url,
                            .catalog = catalog,
                            .readiness = readiness,
                            .metrics = metrics,
                            .services = {&grpc_service},
                            .on_catalog_loaded = [&refresher] { refresher.Start(); },
                            .also_ready = [&snapshots] { return snapshots.Get() != nullptr; }},
                           foi::ServerOptionsFromFlags(listen));
}
