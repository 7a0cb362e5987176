// ingest-service: takes FOI returns over gRPC, validates them and stores them in PostgreSQL.
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "common/config.h"
#include "common/db/connection_pool.h"
#include "common/log.h"
#include "common/server/grpc_server.h"
#include "common/server/termination_signals.h"
#include "common/server/wait_for_catalog.h"
#include "ingest-service/src/ingest_grpc_service.h"
#include "ingest-service/src/return_service.h"
#include "ingest-service/src/return_store.h"

ABSL_FLAG(std::string, listen, "", "host:port to serve on (else $FOI_INGEST_LISTEN, else 0.0.0.0:50051)");
ABSL_FLAG(std::string, database_url, "", "PostgreSQL connection string (else $FOI_DATABASE_URL)");
ABSL_FLAG(int, db_pool_size, 8, "most database connections held open at once");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Serves foi.v1.IngestService: takes, validates and stores FOI returns.");
  absl::ParseCommandLine(argc, argv);
  foi::TerminationSignals::Block();

  const std::string listen =
      foi::FlagOrEnv(absl::GetFlag(FLAGS_listen), "FOI_INGEST_LISTEN", "0.0.0.0:50051");
  const std::string database_url =
      foi::FlagOrEnv(absl::GetFlag(FLAGS_database_url), "FOI_DATABASE_URL", "");
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

  foi::ingest::ReturnStore store(pool);
  foi::ingest::ReturnService returns(*catalog, store, [] {
    return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  });
  foi::ingest::IngestGrpcService grpc_service(returns);
  const absl::Status served = foi::RunGrpcServer({.listen_address = listen}, {&grpc_service});
  if (!served.ok()) {
    foi::LogError("server failed", {{"error", std::string(served.message())}});
    return 1;
  }
  return 0;
}
