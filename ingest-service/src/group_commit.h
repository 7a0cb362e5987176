// File: ingest-service/src/group_commit.h
//
// Group commit: requests that arrive while earlier ones are being written are written together,
// by one call of `write_batch`, so that N concurrent writes cost one transaction (one round of
// statements, one WAL flush, one change notice) instead of N.
//
// Writer threads of its own (`writers` of them) take batches off the queue; there is no timer
// to fill a batch. A writer that finds no batch in flight takes everything queued (up to
// `max_batch`) at once, so a lone request is written at once, and under load the batches grow
// by themselves to what arrived during the previous write. Beside a batch in flight, another
// starts only once `min_batch_beside` requests are queued; fewer wait for the batch in flight
// to finish and go together after it. (Each batch costs the database a transaction, four
// statement triggers and a commit whatever its size, and a writer free beside another took
// whatever was queued: at 16 clients the batches held 4.2 submissions on average and 43% of
// them one or two; starting the second only at 8, 6.8 on average, and SubmitReturn rose from
// 1,092 to 1,251 a second, five runs each, alternated, with PostgreSQL's CPU a return cut by a
// fifth. The service now passes 4: see return_store.cc.)
//
// A caller hands over a callback that a writer thread runs with its result: a gRPC handler then
// holds no thread while its batch is written (AwaitCallback, in common/await_callback.h, is the
// blocking form). Destruction writes whatever is queued, then stops the writers.
#pragma once

#include <deque>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace foi::ingest {

template <typename Request, typename Result>
class GroupCommit {
 public:
  // Writes a batch; returns one result per request, in order. Must not throw.
  using WriteBatch = std::function<std::vector<Result>(const std::vector<const Request*>&)>;
  // Takes a request's result, on a writer thread. Must not throw.
  using Done = std::function<void(Result)>;

  GroupCommit(WriteBatch write_batch, int max_batch, int writers, int min_batch_beside = 1)
      : write_batch_(std::move(write_batch)),
        max_batch_(max_batch),
        min_batch_beside_(min_batch_beside) {
    for (int i = 0; i < writers; ++i) writers_.emplace_back([this] { WriteBatches(); });
  }

  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  ~GroupCommit() {
    {
      absl::MutexLock lock(&mutex_);
      stopping_ = true;
    }
    for (std::thread& writer : writers_) writer.join();
  }

  // Queues `request`; `done` gets its result once the batch it went with is written.
  void Write(Request request, Done done) {
    absl::MutexLock lock(&mutex_);
    queue_.push_back({std::move(request), std::move(done)});
  }

 private:
  struct Queued {
    Request request;
    Done done;
  };

  // Whether a writer should take a batch now, or stop.
  bool BatchDue() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (queue_.empty()) return stopping_;
    const int least = writing_ == 0 || stopping_ ? 1 : min_batch_beside_;
    return static_cast<int>(queue_.size()) >= least;
  }

  // A writer thread: takes batches off the queue and writes each with the lock released, until
  // stopping with nothing left queued.
  void WriteBatches() {
    absl::MutexLock lock(&mutex_);
    while (true) {
      mutex_.Await(absl::Condition(this, &GroupCommit::BatchDue));
      if (queue_.empty()) return;
      std::vector<Queued> batch;
      while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      ++writing_;
      mutex_.Unlock();
      std::vector<const Request*> requests;
      requests.reserve(batch.size());
      for (const Queued& queued : batch) requests.push_back(&queued.request);
      std::vector<Result> results = write_batch_(requests);
      for (size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
      mutex_.Lock();
      --writing_;
    }
  }

  const WriteBatch write_batch_;
  const int max_batch_;
  const int min_batch_beside_;
  absl::Mutex mutex_;
  std::deque<Queued> queue_ ABSL_GUARDED_BY(mutex_);
  int writing_ ABSL_GUARDED_BY(mutex_) = 0;  // batches being written
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::vector<std::thread> writers_;  // last: started once everything above is
};

}  // namespace foi::ingest
