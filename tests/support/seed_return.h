// File: tests/support/seed_return.h
//
// The seed article's Lancashire return as the ingest service holds it, encoded as in the domain
// notes: 220 reports, 12 not yet assigned, 177 with no further action.
#pragma once

#include "ingest-service/src/foi_return.h"

namespace foi::testing {

ingest::FoiReturn SeedFoiReturn();

}  // namespace foi::testing
