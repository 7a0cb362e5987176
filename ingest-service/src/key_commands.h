// File: ingest-service/src/key_commands.h
//
// `ingest-service keys ...`: API keys managed from the command line, on the database the
// service uses.
//
//   ingest-service keys create --role=force --force=lancashire --name="Lancashire FOI unit"
//   ingest-service keys revoke <key id>
//   ingest-service keys list
#pragma once

#include <string>
#include <vector>

namespace foi::ingest {

// Runs the command in `args` (after "keys"); returns the process exit code.
int RunKeyCommand(const std::vector<std::string>& args, const std::string& database_url,
                  const std::string& role, const std::string& force_id, const std::string& name);

}  // namespace foi::ingest
