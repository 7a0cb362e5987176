// stats-service: serves outcome comparisons between forces over gRPC, from an in-memory
// snapshot of PostgreSQL kept fresh by change notices.
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/auth/authenticator.h"
#include "common/auth/key_store.h"
#include "common/config.h"
#include "common/db/connection_pool.h"
#include "common/log.h"
#include "common/server/grpc_server.h"
#include "common/server/termination_signals.h"
#include "common/server/wait_for_catalog.h"
#include "stats-service/src/snapshot_loader.h"
#include "stats-service/src/snapshot_refresher.h"
#include "stats-service/src/stats_grpc_service.h"
#include "stats-service/src/stats_queries.h"

ABSL_FLAG(std::string, listen, "", "host:port to serve on (else $FOI_STATS_LISTEN, else 0.0.0.0:50052)");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL connection string; read-only is enough, and several hosts may be given "
          "(else $FOI_STATS_DATABASE_URL, else $FOI_DATABASE_URL)");
ABSL_FLAG(int, db_pool_size, 4, "most database connections held open at once");
ABSL_FLAG(bool, require_api_key, false,
          "refuse calls without a valid API key (any role); also $FOI_STATS_REQUIRE_API_KEY=1");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Serves foi.v1.StatsService: outcome comparisons between forces.");
  absl::ParseCommandLine(argc, argv);
  foi::TerminationSignals::Block();

  const std::string listen =
      foi::FlagOrEnv(absl::GetFlag(FLAGS_listen), "FOI_STATS_LISTEN", "0.0.0.0:50052");
  const std::string database_url = foi::FlagOrEnv(
      absl::GetFlag(FLAGS_database_url), "FOI_STATS_DATABASE_URL",
      foi::FlagOrEnv("", "FOI_DATABASE_URL", ""));
  if (database_url.empty()) {
    foi::LogError("no database: give --database_url or set FOI_STATS_DATABASE_URL");
    return 2;
  }
  const bool require_key = absl::GetFlag(FLAGS_require_api_key) ||
                           foi::FlagOrEnv("", "FOI_STATS_REQUIRE_API_KEY", "0") == "1";

  foi::db::ConnectionPool pool(database_url, absl::GetFlag(FLAGS_db_pool_size));
  absl::StatusOr<foi::Catalog> catalog = foi::WaitForCatalog(pool);
  if (!catalog.ok()) {
    if (absl::IsCancelled(catalog.status())) return 0;
    foi::LogError("cannot load the catalog", {{"error", std::string(catalog.status().message())}});
    return 1;
  }

  foi::stats::SnapshotHolder snapshots;
  if (auto first = foi::stats::LoadSnapshot(pool); first.ok()) {
    snapshots.Set(*std::move(first));
    foi::LogInfo("snapshot loaded", {{"returns", std::to_string(snapshots.Get()->size())},
                                     {"data_version", std::to_string(snapshots.Get()->data_version())}});
  }
  foi::stats::SnapshotRefresher refresher(database_url, pool, snapshots);
  refresher.Start();

  foi::auth::KeyStore keys(pool);
  foi::auth::Authenticator authenticator(keys);
  foi::stats::StatsQueries queries(*catalog, snapshots);
  foi::stats::StatsGrpcService grpc_service(*catalog, queries,
                                            require_key ? &authenticator : nullptr);
  const absl::Status served = foi::RunGrpcServer({.listen_address = listen}, {&grpc_service});
  if (!served.ok()) {
    foi::LogError("server failed", {{"error", std::string(served.message())}});
    return 1;
  }
  return 0;
}
