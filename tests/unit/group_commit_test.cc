// GroupCommit on its own: who writes, what goes into a batch, and who gets which result.
#include "ingest-service/src/group_commit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace foi::ingest {
namespace {

using ::testing::ElementsAre;

// Doubles each request, recording the batches it was given. The first batch waits for
// `release`, so that requests made meanwhile queue up behind it.
class RecordingWriter {
 public:
  std::vector<int> Write(const std::vector<const int*>& batch) {
    {
      absl::MutexLock lock(&mutex_);
      batch_sizes_.push_back(static_cast<int>(batch.size()));
      if (batch_sizes_.size() == 1) mutex_.Await(absl::Condition(&released_));
    }
    std::vector<int> results;
    for (const int* request : batch) results.push_back(*request * 2);
    return results;
  }
  void Release() {
    absl::MutexLock lock(&mutex_);
    released_ = true;
  }
  std::vector<int> batch_sizes() {
    absl::MutexLock lock(&mutex_);
    return batch_sizes_;
  }

 private:
  absl::Mutex mutex_;
  bool released_ = false;
  std::vector<int> batch_sizes_;
};

// Makes requests 1..n from threads of their own while the first batch is held back, and
// returns what each got.
std::vector<int> WriteWhileTheFirstWaits(GroupCommit<int, int>& commit, RecordingWriter& writer,
                                         int n) {
  std::vector<int> requests(n), results(n);
  std::vector<std::thread> callers;
  for (int i = 0; i < n; ++i) {
    requests[i] = i + 1;
    callers.emplace_back([&, i] { results[i] = commit.Write(requests[i]); });
    // The first call must be the one writing (and held back) before the others arrive.
    if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the others queue
  writer.Release();
  for (std::thread& caller : callers) caller.join();
  return results;
}

TEST(GroupCommitTest, ALoneRequestIsWrittenAtOnce) {
  RecordingWriter writer;
  writer.Release();
  GroupCommit<int, int> commit([&](const auto& batch) { return writer.Write(batch); }, 8, 1);
  EXPECT_EQ(commit.Write(21), 42);
  EXPECT_EQ(commit.Write(5), 10);
  EXPECT_THAT(writer.batch_sizes(), ElementsAre(1, 1));
}

TEST(GroupCommitTest, RequestsMadeDuringAWriteGoOutTogether) {
  RecordingWriter writer;
  GroupCommit<int, int> commit([&](const auto& batch) { return writer.Write(batch); }, 8, 1);
  EXPECT_THAT(WriteWhileTheFirstWaits(commit, writer, 6), ElementsAre(2, 4, 6, 8, 10, 12));
  EXPECT_THAT(writer.batch_sizes(), ElementsAre(1, 5));
}

TEST(GroupCommitTest, ABatchHoldsAtMostMaxBatch) {
  RecordingWriter writer;
  GroupCommit<int, int> commit([&](const auto& batch) { return writer.Write(batch); }, 2, 1);
  EXPECT_THAT(WriteWhileTheFirstWaits(commit, writer, 6), ElementsAre(2, 4, 6, 8, 10, 12));
  EXPECT_THAT(writer.batch_sizes(), ElementsAre(1, 2, 2, 1));
}

TEST(GroupCommitTest, AnotherWriterStartsWhileOneIsBusy) {
  RecordingWriter writer;
  GroupCommit<int, int> commit([&](const auto& batch) { return writer.Write(batch); }, 8, 2);
  // The second caller does not wait for the held-back first: it writes alone at once, and the
  // rest follow in at least one more batch (with one writer they would all be one batch).
  EXPECT_THAT(WriteWhileTheFirstWaits(commit, writer, 6), ElementsAre(2, 4, 6, 8, 10, 12));
  const std::vector<int> sizes = writer.batch_sizes();
  ASSERT_GE(sizes.size(), 3u);
  EXPECT_EQ(sizes[0], 1);
  EXPECT_EQ(sizes[1], 1);
  int written = 0;
  for (int size : sizes) written += size;
  EXPECT_EQ(written, 6);
}

TEST(GroupCommitTest, ABatchBesideOneInFlightWaitsUntilItHasMinBatchBeside) {
  RecordingWriter writer;
  GroupCommit<int, int> commit([&](const auto& batch) { return writer.Write(batch); }, 8, 2,
                               /*min_batch_beside=*/3);
  std::vector<int> requests = {1, 2, 3, 4, 5}, results(5);
  std::vector<std::thread> callers;
  const auto call = [&](int i) {
    callers.emplace_back([&, i] { results[i] = commit.Write(requests[i]); });
  };
  call(0);  // written at once, and held back
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  call(1);
  call(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_THAT(writer.batch_sizes(), ElementsAre(1)) << "two queued are fewer than three";
  call(3);  // the third queued: now a batch may go beside the first
  for (int i = 0; i < 100 && writer.batch_sizes().size() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_THAT(writer.batch_sizes(), ElementsAre(1, 3));
  call(4);  // alone beside the held-back first: waits for it
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_THAT(writer.batch_sizes(), ElementsAre(1, 3));
  writer.Release();
  for (std::thread& caller : callers) caller.join();
  EXPECT_THAT(results, ElementsAre(2, 4, 6, 8, 10));
  EXPECT_THAT(writer.batch_sizes(), ElementsAre(1, 3, 1));
}

}  // namespace
}  // namespace foi::ingest
