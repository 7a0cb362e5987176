#include "stats-service/src/answer_cache.h"

#include <utility>

namespace foi::stats {

bool AnswerCache::Holds(const std::shared_ptr<const FiguresSnapshot>& snapshot) const {
  return !snapshot_.owner_before(snapshot) && !snapshot.owner_before(snapshot_);
}

std::optional<grpc::Slice> AnswerCache::Find(const std::shared_ptr<const FiguresSnapshot>& snapshot,
                                             absl::string_view request) {
  {
    absl::ReaderMutexLock lock(&mutex_);
    if (Holds(snapshot)) {
      auto it = answers_.find(request);
      if (it == answers_.end()) return std::nullopt;
      return it->second;
    }
  }
  absl::MutexLock lock(&mutex_);
  if (Holds(snapshot)) return std::nullopt;  // another call switched to it meanwhile
  // A caller still reading an older snapshot (it took it just before a newer one was
  // published) neither switches back to it nor is served from the newer one.
  if (!snapshot_.expired() && snapshot->data_version() < data_version_) return std::nullopt;
  snapshot_ = snapshot;
  data_version_ = snapshot->data_version();
  answers_.clear();
  bytes_ = 0;
  return std::nullopt;
}

void AnswerCache::Insert(const std::shared_ptr<const FiguresSnapshot>& snapshot,
                         absl::string_view request, grpc::Slice answer) {
  const size_t cost = request.size() + answer.size();
  if (request.size() > kMaxCachedRequestBytes || cost > max_bytes_) return;
  absl::MutexLock lock(&mutex_);
  if (!Holds(snapshot)) return;
  if (bytes_ + cost > max_bytes_) {
    answers_.clear();
    bytes_ = 0;
  }
  if (answers_.try_emplace(request, std::move(answer)).second) bytes_ += cost;
}

size_t AnswerCache::size() const {
  absl::ReaderMutexLock lock(&mutex_);
  return answers_.size();
}

size_t AnswerCache::bytes() const {
  absl::ReaderMutexLock lock(&mutex_);
  return bytes_;
}

}  // namespace foi::stats
