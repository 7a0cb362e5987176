#include "common/iso_date.h"

#include <gtest/gtest.h>

namespace foi {
namespace {

TEST(ParseIsoDate, AcceptsRealDays) {
  EXPECT_EQ(ParseIsoDate("2015-04-13"), absl::CivilDay(2015, 4, 13));
  EXPECT_EQ(ParseIsoDate("2024-02-29"), absl::CivilDay(2024, 2, 29));
}

TEST(ParseIsoDate, RejectsAnythingElse) {
  for (const char* text :
       {"", "2015-4-13", "13/04/2015", "2023-02-29", "2015-13-01", "2015-04-13T00:00",
        " 2015-04-13", "2015_04_13", "abcd-ef-gh", "0000-01-01", "0000-12-31"}) {
    EXPECT_FALSE(ParseIsoDate(text).has_value()) << text;
  }
}

TEST(ParseIsoDate, AcceptsTheYearsPostgresqlAndTheFormatShare) {
  EXPECT_EQ(ParseIsoDate("0001-01-01"), absl::CivilDay(1, 1, 1));
  EXPECT_EQ(ParseIsoDate("9999-12-31"), absl::CivilDay(9999, 12, 31));
}

TEST(FormatIsoDate, PadsFields) {
  EXPECT_EQ(FormatIsoDate(absl::CivilDay(2015, 4, 3)), "2015-04-03");
}

}  // namespace
}  // namespace foi
