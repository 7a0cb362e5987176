// File: tests/support/test_catalog.h
//
// A small catalog for pure unit tests: three forces, the seed offence and its successor, and
// the whole Home Office outcomes framework (types and groups as in the migrations).
#pragma once

#include "common/catalog.h"

namespace foi::testing {

Catalog TestCatalog();

}  // namespace foi::testing
