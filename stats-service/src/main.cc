// stats-service: serves outcome comparisons between forces over gRPC, read from PostgreSQL.
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/config.h"
#include "common/db/connection_pool.h"
#include "common/log.h"
#include "common/server/grpc_server.h"
#include "common/server/termination_signals.h"
#include "common/server/wait_for_catalog.h"
#include "stats-service/src/comparison_service.h"
#include "stats-service/src/figures_store.h"
#include "stats-service/src/stats_grpc_service.h"

ABSL_FLAG(std::string, listen, "", "host:port to serve on (else $FOI_STATS_LISTEN, else 0.0.0.0:50052)");
ABSL_FLAG(std::string, database_url, "", "PostgreSQL connection string, read-only is enough (else $FOI_STATS_DATABASE_URL, else $FOI_DATABASE_URL)");
ABSL_FLAG(int, db_pool_size, 8, "most database connections held open at once");

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
    foi::LogError("no database: give --database_url or set FOI_DATABASE_URL");
    return 2;
  }

  foi::db::ConnectionPool pool(database_url, absl::GetFlag(FLAGS_db_pool_size));
  absl::StatusOr<foi::Catalog> catalog = foi::WaitForCatalog(pool);
  if (!catalog.ok()) {
    if (absl::IsCancelled(catalog.status())) return 0;
    foi::LogError("cannot load the catalog", {{"error", std::string(catalog.status().message())}});
    return 1;
  }

  foi::stats::FiguresStore store(pool);
  foi::stats::ComparisonService comparisons(*catalog, store);
  foi::stats::StatsGrpcService grpc_service(*catalog, comparisons);
  const absl::Status served = foi::RunGrpcServer({.listen_address = listen}, {&grpc_service});
  if (!served.ok()) {
    foi::LogError("server failed", {{"error", std::string(served.message())}});
    return 1;
  }
  return 0;
}
