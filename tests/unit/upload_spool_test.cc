#include "ingest-service/src/upload_spool.h"

#include <gtest/gtest.h>

#include <string>

#include "common/error_info.h"

namespace foi::ingest {
namespace {

std::string ReadAll(const UploadSpool& spool) {
  std::string read_back, chunk;
  const ChunkSource next = spool.ChunkReader();
  while (true) {
    absl::StatusOr<bool> more = next(chunk);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    read_back += chunk;
  }
  return read_back;
}

TEST(UploadSpool, GivesBackWhatItWasGiven) {
  absl::StatusOr<UploadSpool> spool = UploadSpool::Create("/tmp", 1 << 22);
  ASSERT_TRUE(spool.ok()) << spool.status();
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    const std::string chunk = "row " + std::to_string(i) + std::string(i % 700, ',') + "\n";
    ASSERT_TRUE(spool->Append(chunk).ok());
    expected += chunk;
  }
  EXPECT_EQ(ReadAll(*spool), expected);
  // A second reader starts from the beginning again.
  EXPECT_EQ(ReadAll(*spool), expected);
}

TEST(UploadSpool, RefusesMoreThanItsLimit) {
  absl::StatusOr<UploadSpool> spool = UploadSpool::Create("/tmp", 10);
  ASSERT_TRUE(spool.ok());
  ASSERT_TRUE(spool->Append("0123456789").ok());
  const absl::Status over = spool->Append("x");
  EXPECT_EQ(over.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(over), "FILE_TOO_LARGE");
  EXPECT_EQ(ReadAll(*spool), "0123456789");
}

TEST(UploadSpool, AnEmptyUploadReadsAsEmpty) {
  absl::StatusOr<UploadSpool> spool = UploadSpool::Create("/tmp", 10);
  ASSERT_TRUE(spool.ok());
  std::string chunk;
  absl::StatusOr<bool> more = spool->ChunkReader()(chunk);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
}

TEST(UploadSpool, AFolderThatCannotHoldItIsUnavailable) {
  EXPECT_EQ(UploadSpool::Create("/no/such/folder", 10).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace foi::ingest
