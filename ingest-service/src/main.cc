// ingest-service: takes FOI returns over gRPC, validates them and stores them in PostgreSQL.
#include <string>
#include <vector>

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
#include "ingest-service/src/ingest_grpc_service.h"
#include "ingest-service/src/key_commands.h"
#include "ingest-service/src/return_importer.h"
#include "ingest-service/src/return_service.h"
#include "ingest-service/src/return_store.h"

ABSL_FLAG(std::string, listen, "",
          "host:port to serve on (else $FOI_INGEST_LISTEN, else 0.0.0.0:50051)");
ABSL_FLAG(std::string, database_url, "", "PostgreSQL connection string (else $FOI_DATABASE_URL)");
ABSL_FLAG(int, db_pool_size, 8, "most database connections held open at once");
ABSL_FLAG(absl::Duration, import_idle_timeout, absl::Seconds(30),
          "an ImportReturns stream that sends no message for this long is cancelled");
ABSL_FLAG(int64_t, import_max_bytes, int64_t{1} << 30, "the largest file ImportReturns takes");
ABSL_FLAG(std::string, import_spool_dir, "",
          "where uploaded files are held while they arrive (else $TMPDIR, else /var/tmp)");
ABSL_FLAG(int, import_max_uploads, 8,
          "uploads received at once, at most (with --import_max_bytes, bounds their disk)");
ABSL_FLAG(std::string, role, "", "keys create: force, foi-team, reader or admin");
ABSL_FLAG(std::string, force, "", "keys create: the force a force key writes for");
ABSL_FLAG(std::string, name, "", "keys create: who holds the key");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Serves foi.v1.IngestService: takes, validates and stores FOI returns.\n"
      "  ingest-service [--listen=ADDR] [--database_url=URL]\n"
      "  ingest-service keys create --role=ROLE [--force=FORCE] --name=HOLDER | revoke ID | list");
  const std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  foi::TerminationSignals::Block();

  const std::string listen =
      foi::FlagOrEnv(absl::GetFlag(FLAGS_listen), "FOI_INGEST_LISTEN", "0.0.0.0:50051");
  const std::string database_url =
      foi::FlagOrEnv(absl::GetFlag(FLAGS_database_url), "FOI_DATABASE_URL", "");
  if (database_url.empty()) {
    foi::LogError("no database: give --database_url or set FOI_DATABASE_URL");
    return 2;
  }
  if (positional.size() >= 2 && std::string(positional[1]) == "keys") {
    return foi::ingest::RunKeyCommand({positional.begin() + 2, positional.end()}, database_url,
                                      absl::GetFlag(FLAGS_role), absl::GetFlag(FLAGS_force),
                                      absl::GetFlag(FLAGS_name));
  }

  // Everything is built at once and serves at once; the catalog arrives when the database
  // first answers, and until then calls get UNAVAILABLE and health says NOT_SERVING.
  foi::db::ConnectionPool pool(database_url, absl::GetFlag(FLAGS_db_pool_size));
  foi::Catalog catalog;
  foi::Readiness readiness;
  foi::CallMetrics metrics;
  auto today = [] { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); };
  foi::ingest::ReturnStore store(pool);
  foi::ingest::ReturnService returns(catalog, store, today);
  foi::ingest::ReturnImporter importer(catalog, pool, today);
  foi::auth::KeyStore keys(pool);
  foi::auth::Authenticator authenticator(keys);
  const foi::ingest::UploadLimits upload_limits = {
      .idle_timeout = absl::GetFlag(FLAGS_import_idle_timeout),
      .max_bytes = absl::GetFlag(FLAGS_import_max_bytes),
      .spool_dir = foi::FlagOrEnv(absl::GetFlag(FLAGS_import_spool_dir), "TMPDIR", "/var/tmp"),
      .max_concurrent = absl::GetFlag(FLAGS_import_max_uploads)};
  if (upload_limits.idle_timeout <= absl::ZeroDuration() || upload_limits.max_bytes <= 0 ||
      upload_limits.max_concurrent <= 0) {
    foi::LogError(
        "--import_idle_timeout, --import_max_bytes and --import_max_uploads must be "
        "positive");
    return 2;
  }
  foi::ingest::IngestGrpcService grpc_service(returns, importer, authenticator, readiness, metrics,
                                              upload_limits);
  return foi::ServeService({.pool = pool,
                            .database_url = database_url,
                            .catalog = catalog,
                            .readiness = readiness,
                            .metrics = metrics,
                            .services = {&grpc_service}},
                           foi::ServerOptionsFromFlags(listen));
}
