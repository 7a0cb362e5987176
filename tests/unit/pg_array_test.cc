#include "common/db/pg_array.h"

#include <gtest/gtest.h>

namespace foi::db {
namespace {

TEST(TextArrayLiteral, QuotesEscapesAndWritesNull) {
  EXPECT_EQ(TextArrayLiteral({"a", std::nullopt, "say \"hi\"", "back\\slash", "{,}"}),
            R"({"a",NULL,"say \"hi\"","back\\slash","{,}"})");
  EXPECT_EQ(TextArrayLiteral({}), "{}");
}

TEST(IntArrayLiteral, WritesNull) {
  EXPECT_EQ(IntArrayLiteral({1, std::nullopt, -3}), "{1,NULL,-3}");
}

TEST(BoolArrayLiteral, WritesTAndF) { EXPECT_EQ(BoolArrayLiteral({true, false}), "{t,f}"); }

}  // namespace
}  // namespace foi::db
