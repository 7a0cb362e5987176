#include "common/uuid.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace foi {
namespace {

TEST(Uuid, NewIdsAreVersion7WithTheTimeFirst) {
  const int64_t before = absl::ToUnixMillis(absl::Now());
  const std::string id = NewUuid();
  const int64_t after = absl::ToUnixMillis(absl::Now());
  ASSERT_TRUE(IsUuid(id)) << id;
  EXPECT_EQ(id[14], '7');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
  const int64_t millis = std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
  EXPECT_GE(millis, before);
  EXPECT_LE(millis, after);
}

TEST(Uuid, LaterIdsSortAfterEarlierOnesAndNoneRepeat) {
  std::set<std::string> seen;
  std::string earlier = NewUuid();
  absl::SleepFor(absl::Milliseconds(2));
  for (int i = 0; i < 10000; ++i) {
    const std::string id = NewUuid();
    EXPECT_GT(id, earlier);
    EXPECT_TRUE(seen.insert(id).second) << id;
  }
}

TEST(Uuid, RecognisesOnlyTheCanonicalForm) {
  EXPECT_TRUE(IsUuid("0192f3a4-5b6c-7d8e-9f01-23456789abcd"));
  EXPECT_TRUE(IsUuid("0192F3A4-5B6C-7D8E-9F01-23456789ABCD"));
  EXPECT_FALSE(IsUuid("0192f3a45b6c7d8e9f0123456789abcd"));
  EXPECT_FALSE(IsUuid("0192f3a4-5b6c-7d8e-9f01-23456789abcg"));
  EXPECT_FALSE(IsUuid(std::string("0192f3a4-5b6c-7d8e-9f01-23456789abc\0", 36)));
}

TEST(Uuid, ParsesToBytesAndFormatsBackInLowerCase) {
  const std::optional<UuidBytes> bytes = ParseUuid("0192F3A4-5B6C-7D8E-9F01-23456789ABCD");
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ((*bytes)[0], 0x01);
  EXPECT_EQ((*bytes)[15], 0xcd);
  EXPECT_EQ(FormatUuid(*bytes), "0192f3a4-5b6c-7d8e-9f01-23456789abcd");
  EXPECT_EQ(ParseUuid("0192f3a45b6c7d8e9f0123456789abcd"), std::nullopt);
  const std::string id = NewUuid();
  EXPECT_EQ(FormatUuid(ParseUuid(id).value()), id);
}

}  // namespace
}  // namespace foi
