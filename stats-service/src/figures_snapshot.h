// File: stats-service/src/figures_snapshot.h
//
// Every active return's figures, held in memory so that statistics need no database round
// trip. A snapshot never changes once built; a newer one replaces it whole (SnapshotHolder).
//
// A newer snapshot shares with the one it was made from all that did not change: the returns
// themselves, and the parts of its two indexes (by id, in shards; by offence and force) that
// no changed return is in. Taking in a reload of changes therefore costs in proportion to the
// changes and to the forces they touch, not to every return held: under a stream of writes the
// service reloads up to ten times a second, and a pass over a million returns took 0.7 s each
// time (bench/snapshot-benchmark).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "stats-service/src/return_figures.h"

namespace foi::stats {

class FiguresSnapshot {
 public:
  // Each return is shared, never copied, between the snapshots that hold it (WithChanges, and
  // a full reload that finds it unchanged: LoadSnapshot), so that an old and a new snapshot
  // held at once cost one copy of the returns they have in common.
  using Returns = std::vector<std::shared_ptr<const ReturnFigures>>;

  FiguresSnapshot(Returns returns, int64_t data_version, absl::Time as_of);

  // This snapshot with the returns `changed_ids` replaced by `reloaded` (their active versions;
  // an id absent from `reloaded` is no longer active). Shares every unchanged return, and
  // every shard and force whose returns did not change.
  std::shared_ptr<const FiguresSnapshot> WithChanges(const std::set<std::string>& changed_ids,
                                                     Returns reloaded, int64_t data_version,
                                                     absl::Time as_of) const;

  // The return whose id is `id`, or null.
  std::shared_ptr<const ReturnFigures> Find(const ReturnId& id) const;

  // One force's active returns of one offence, by effective start (then id). Neither lists a
  // return whose effective period is empty (it lies wholly outside the days the offence was in
  // force).
  const std::vector<const ReturnFigures*>& ReturnsOf(const std::string& offence_id,
                                                     const std::string& force_id) const;
  // Every force's active returns of one offence.
  std::vector<const ReturnFigures*> ReturnsOfOffence(const std::string& offence_id) const;

  // Grows with every committed change the snapshot includes.
  int64_t data_version() const { return data_version_; }
  // When it was read.
  absl::Time as_of() const { return as_of_; }
  size_t size() const { return size_; }

 private:
  // The returns whose ids end in one pair of bytes, by id. Those bytes are random, so a
  // reload of a thousand changes touches about a thousand of the 65,536 shards and copies
  // only those. The shards are held 256 to a block, so that a reload copies the 256 blocks'
  // pointers and the blocks it touches, not 65,536 pointers (copying and freeing those was a
  // fifth of the service's CPU under one writer, at ten small reloads a second).
  using Shard = Returns;
  static constexpr size_t kShardsPerBlock = 256;
  using ShardBlock = std::vector<std::shared_ptr<const Shard>>;  // kShardsPerBlock; null: none
  static size_t ShardOf(const ReturnId& id);
  const std::shared_ptr<const Shard>& ShardAt(size_t shard) const;

  // One force's returns of one offence that count for some day, as ReturnsOf lists them. The
  // returns they point to are held by the shards of every snapshot that holds the list.
  using Listed = std::vector<const ReturnFigures*>;
  using ForcesOfOffence = std::map<std::string, std::shared_ptr<const Listed>, std::less<>>;

  FiguresSnapshot(const FiguresSnapshot& base, int64_t data_version, absl::Time as_of);

  std::vector<std::shared_ptr<const ShardBlock>> blocks_;      // kShardsPerBlock; null: none
  std::map<std::string, ForcesOfOffence, std::less<>> index_;  // by offence id
  size_t size_ = 0;
  int64_t data_version_;
  absl::Time as_of_;
};

// The current snapshot, swapped whole by the refresher while readers keep the one they hold.
class SnapshotHolder {
 public:
  std::shared_ptr<const FiguresSnapshot> Get() const {
    absl::MutexLock lock(&mutex_);
    return current_;
  }
  void Set(std::shared_ptr<const FiguresSnapshot> snapshot) {
    {
      absl::MutexLock lock(&mutex_);
      std::swap(current_, snapshot);
      loaded_at_ = absl::Now();
    }
    // The snapshot replaced, freed here if no reader holds it: not while readers wait.
    snapshot.reset();
  }
  // When the current snapshot was loaded; InfinitePast() before the first.
  absl::Time loaded_at() const {
    absl::MutexLock lock(&mutex_);
    return loaded_at_;
  }

 private:
  mutable absl::Mutex mutex_;
  std::shared_ptr<const FiguresSnapshot> current_ ABSL_GUARDED_BY(mutex_);
  absl::Time loaded_at_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
};

}  // namespace foi::stats
