// File: common/server/serve_service.h
//
// The life of a service process after its objects are built, the same for both services: the
// catalog loads in the background once the database answers (until then calls get UNAVAILABLE
// and health says NOT_SERVING), health follows the database from then on, and SIGINT/SIGTERM
// stops everything gracefully.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <grpcpp/impl/codegen/service_type.h>

#include "common/catalog.h"
#include "common/db/connection_pool.h"
#include "common/server/call_metrics.h"
#include "common/server/grpc_server.h"
#include "common/server/readiness.h"

namespace foi {

struct ServiceParts {
  db::ConnectionPool& pool;
  std::string database_url;  // for the health probe's own connection
  Catalog& catalog;          // filled in once loaded
  Readiness& readiness;
  CallMetrics& metrics;
  std::vector<grpc::Service*> services;
  // Runs once the catalog is loaded (the stats service starts its refresher then).
  std::function<void()> on_catalog_loaded = [] {};
  // Further condition for SERVING, besides the catalog and the database.
  std::function<bool()> also_ready = [] { return true; };
};

// Serves until SIGINT or SIGTERM; returns the process exit code (0 after a clean stop).
int ServeService(ServiceParts parts, ServerOptions options);

}  // namespace foi
