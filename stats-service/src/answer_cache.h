// File: stats-service/src/answer_cache.h
//
// Serialized answers, kept for the snapshot they were read from. A snapshot never changes, so
// the same request asked of the same snapshot has the same answer byte for byte: callers that
// repeat their questions (other services do) get the bytes back without a single statistic
// being worked out again. Every answer is tied to its snapshot: once a newer snapshot is
// current, the old answers are dropped and none of them is served again.
#pragma once

#include <grpcpp/support/slice.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "stats-service/src/figures_snapshot.h"

namespace foi::stats {

// Requests longer than this are answered but never kept: a real question is a few hundred
// bytes, and a client padding its requests with unknown fields must not fill the cache.
inline constexpr size_t kMaxCachedRequestBytes = 4096;

class AnswerCache {
 public:
  // Holds at most `max_bytes` of requests and answers; when the next would not fit, every
  // answer kept so far is dropped (the questions asked often come back first).
  explicit AnswerCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The answer kept for `request` (its serialized bytes) read from `snapshot`, if any. A
  // snapshot newer than the one the cache holds answers for replaces it, and its answers go.
  std::optional<grpc::Slice> Find(const std::shared_ptr<const FiguresSnapshot>& snapshot,
                                  absl::string_view request);

  // Keeps `answer` to `request`, read from `snapshot`; nothing if the cache holds answers for
  // another snapshot by now (the answer would be for data no longer current), or if `request`
  // is longer than kMaxCachedRequestBytes.
  void Insert(const std::shared_ptr<const FiguresSnapshot>& snapshot, absl::string_view request,
              grpc::Slice answer);

  // Answers and bytes held now.
  size_t size() const;
  size_t bytes() const;

 private:
  // True when `snapshot` is the one the answers are for.
  bool Holds(const std::shared_ptr<const FiguresSnapshot>& snapshot) const
      ABSL_SHARED_LOCKS_REQUIRED(mutex_);

  const size_t max_bytes_;
  mutable absl::Mutex mutex_;
  // A weak pointer: the cache never keeps a replaced snapshot's memory alive, and since it
  // keeps the control block, no later snapshot can be mistaken for the one it names.
  std::weak_ptr<const FiguresSnapshot> snapshot_ ABSL_GUARDED_BY(mutex_);
  int64_t data_version_ ABSL_GUARDED_BY(mutex_) = 0;
  absl::flat_hash_map<std::string, grpc::Slice> answers_ ABSL_GUARDED_BY(mutex_);
  size_t bytes_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace foi::stats
