// GroupCommit on its own: who writes, what goes into a batch, and who gets which result.
#include "ingest-service/src/group_commit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/await_callback.h"

namespace foi::ingest {
namespace {

using ::testing::ElementsAre;

// Writes `request` (with whatever else is queued) and waits for its result.
int WriteAndWait(GroupCommit<int, int>& commit, int request) {
  return AwaitCallback<int>(
      [&](GroupCommit<int, int>::Done done) { commit.Write(request, std::move(done)); });
}

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
    callers.emplace_back([&, i] { results[i] = WriteAndWait(commit, requests[i]); });
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
  EXPECT_EQ(WriteAndWait(commit, 21), 42);
  EXPECT_EQ(WriteAndWait(commit, 5), 10);
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

// Waits until `writer` has been given `n` batches.
void AwaitBatches(RecordingWriter& writer, size_t n) {
  for (int i = 0; i < 500 && writer.batch_sizes().size() < n; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

TEST(GroupCommitTest, AnotherWriterStartsWhileOneIsBusy) {
  RecordingWriter writer;
  GroupCommit<int, int> commit([&](const auto& batch) { return writer.Write(batch); }, 8, 2);
  int first = 0;
  std::thread held([&] { first = WriteAndWait(commit, 1); });
  AwaitBatches(writer, 1);
  // With one writer these would wait for the held-back first batch; with two each is written
  // beside it at once.
  EXPECT_EQ(WriteAndWait(commit, 2), 4);
  EXPECT_EQ(WriteAndWait(commit, 3), 6);
  writer.Release();
  held.join();
  EXPECT_EQ(first, 2);
  EXPECT_THAT(writer.batch_sizes(), ElementsAre(1, 1, 1));
}

TEST(GroupCommitTest, ACallerThatLeavesACallbackIsAnsweredOnceItsBatchIsWritten) {
  RecordingWriter writer;
  GroupCommit<int, int> commit([&](const auto& batch) { return writer.Write(batch); }, 8, 1);
  absl::Mutex mutex;
  std::vector<int> answers;
  const auto answer = [&](int result) {
    absl::MutexLock lock(&mutex);
    answers.push_back(result);
  };
  commit.Write(1, answer);  // returns at once; its batch is held back
  AwaitBatches(writer, 1);
  commit.Write(2, answer);
  commit.Write(3, answer);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  {
    absl::MutexLock lock(&mutex);
    EXPECT_THAT(answers, ::testing::IsEmpty()) << "nothing is answered before it is written";
  }
  writer.Release();
  for (int i = 0; i < 500; ++i) {
    {
      absl::MutexLock lock(&mutex);
      if (answers.size() == 3) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  absl::MutexLock lock(&mutex);
  EXPECT_THAT(answers, ElementsAre(2, 4, 6));
  EXPECT_THAT(writer.batch_sizes(), ElementsAre(1, 2));
}

TEST(GroupCommitTest, DestructionWritesWhatIsQueuedFirst) {
  RecordingWriter writer;
  std::vector<int> answers;  // written by the one writer thread, read after it is joined
  {
    GroupCommit<int, int> commit([&](const auto& batch) { return writer.Write(batch); }, 8, 1);
    const auto answer = [&](int result) { answers.push_back(result); };
    commit.Write(1, answer);
    AwaitBatches(writer, 1);
    commit.Write(2, answer);
    commit.Write(3, answer);
    writer.Release();
  }
  EXPECT_THAT(answers, ElementsAre(2, 4, 6));
}

TEST(GroupCommitTest, ABatchBesideOneInFlightWaitsUntilItHasMinBatchBeside) {
  RecordingWriter writer;
  GroupCommit<int, int> commit([&](const auto& batch) { return writer.Write(batch); }, 8, 2,
                               /*min_batch_beside=*/3);
  std::vector<int> requests = {1, 2, 3, 4, 5}, results(5);
  std::vector<std::thread> callers;
  const auto call = [&](int i) {
    callers.emplace_back([&, i] { results[i] = WriteAndWait(commit, requests[i]); });
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
