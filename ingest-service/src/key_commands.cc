#include "ingest-service/src/key_commands.h"

#include <cstdio>

#include "common/auth/key_store.h"
#include "common/db/connection_pool.h"

namespace foi::ingest {

int RunKeyCommand(const std::vector<std::string>& args, const std::string& database_url,
                  const std::string& role, const std::string& force_id, const std::string& name) {
  db::ConnectionPool pool(database_url, 1);
  auth::KeyStore keys(pool);
  const std::string command = args.empty() ? "" : args[0];
  if (command == "create" && args.size() == 1) {
    const std::optional<auth::Role> parsed = auth::ParseRole(role);
    if (!parsed) {
      std::fprintf(stderr, "keys create: --role must be force, foi-team, reader or admin\n");
      return 2;
    }
    absl::StatusOr<std::string> key = keys.Create(*parsed, force_id, name);
    if (!key.ok()) {
      std::fprintf(stderr, "keys create: %s\n", std::string(key.status().message()).c_str());
      return 1;
    }
    // The key on stdout alone, so scripts can capture it; it is never shown again.
    std::printf("%s\n", key->c_str());
    return 0;
  }
  if (command == "revoke" && args.size() == 2) {
    if (absl::Status revoked = keys.Revoke(args[1]); !revoked.ok()) {
      std::fprintf(stderr, "keys revoke: %s\n", std::string(revoked.message()).c_str());
      return 1;
    }
    std::printf("revoked %s\n", args[1].c_str());
    return 0;
  }
  if (command == "list" && args.size() == 1) {
    absl::StatusOr<std::vector<auth::KeyListing>> listed = keys.List();
    if (!listed.ok()) {
      std::fprintf(stderr, "keys list: %s\n", std::string(listed.status().message()).c_str());
      return 1;
    }
    std::printf("%-14s %-9s %-22s %-26s %s\n", "key id", "role", "force", "created", "holder");
    for (const auth::KeyListing& key : *listed) {
      std::printf("%-14s %-9s %-22s %-26s %s%s\n", key.principal.key_id.c_str(),
                  std::string(auth::RoleName(key.principal.role)).c_str(),
                  key.principal.force_id.c_str(), key.created_at.c_str(),
                  key.principal.name.c_str(),
                  key.revoked_at.empty() ? "" : (" (revoked " + key.revoked_at + ")").c_str());
    }
    return 0;
  }
  std::fprintf(stderr,
               "usage: ingest-service keys create --role=ROLE [--force=FORCE] --name=HOLDER\n"
               "       ingest-service keys revoke KEY_ID\n"
               "       ingest-service keys list\n");
  return 2;
}

}  // namespace foi::ingest
