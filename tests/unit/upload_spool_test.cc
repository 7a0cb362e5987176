#include "ingest-service/src/upload_spool.h"

#include <gtest/gtest.h>

#include <string>

#include "common/error_info.h"

namespace foi::ingest {
namespace {

TEST(UploadSpool, GivesBackWhatItWasGiven) {
  absl::StatusOr<UploadSpool> spool = UploadSpool::Create(1 << 22);
  ASSERT_TRUE(spool.ok()) << spool.status();
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    const std::string chunk = "row " + std::to_string(i) + std::string(i % 700, ',') + "\n";
    ASSERT_TRUE(spool->Append(chunk).ok());
    expected += chunk;
  }
  EXPECT_EQ(spool->size(), static_cast<int64_t>(expected.size()));
  std::string read_back, chunk;
  auto next = spool->ChunkReader();
  while (next(chunk)) read_back += chunk;
  EXPECT_EQ(read_back, expected);
}

TEST(UploadSpool, RefusesMoreThanItsLimit) {
  absl::StatusOr<UploadSpool> spool = UploadSpool::Create(10);
  ASSERT_TRUE(spool.ok());
  ASSERT_TRUE(spool->Append("0123456789").ok());
  const absl::Status over = spool->Append("x");
  EXPECT_EQ(over.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(over), "FILE_TOO_LARGE");
  EXPECT_EQ(spool->size(), 10);
}

TEST(UploadSpool, AnEmptyUploadReadsAsEmpty) {
  absl::StatusOr<UploadSpool> spool = UploadSpool::Create(10);
  ASSERT_TRUE(spool.ok());
  std::string chunk;
  EXPECT_FALSE(spool->ChunkReader()(chunk));
}

}  // namespace
}  // namespace foi::ingest
