// File: tests/support/api_samples.h
//
// What end-to-end tests send: the seed return as an API message, and keys made with the
// service's own command line.
#pragma once

#include <string>

#include "foi/v1/returns.pb.h"

namespace foi::testing {

// The seed article's Lancashire return, encoded as in the domain notes.
foi::v1::FoiReturn SeedReturnMessage();

// `ingest-service keys create --role=ROLE [--force=FORCE]` against `database_url`; the key it
// printed.
std::string CreateKeyWithCli(const std::string& role, const std::string& database_url,
                             const std::string& force_id = "");

}  // namespace foi::testing
