// File: stats-service/src/snapshot_refresher.h
//
// Keeps the SnapshotHolder fresh: LISTENs on a connection of its own for the notice every
// committed change to returns sends, naming the returns it changed, and reads just those again
// (everything, when a notice says '*'). Connected to a streaming replica, which cannot LISTEN,
// it polls the replayed log position instead (every kReplicaPollInterval) and reloads all.
// After losing its connection it reconnects with backoff and reloads all, in case changes
// were missed.
#pragma once

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "common/db/connection_pool.h"
#include "stats-service/src/figures_snapshot.h"

namespace foi::stats {

inline constexpr std::chrono::milliseconds kReplicaPollInterval{250};
// Under a stream of writes the snapshot reloads at most this often, gathering the notices in
// between. Reloading after every commit, the stats service and its database backend took 44%
// of a core at 750 submissions a second (16 load clients, `top`); with this interval, 19% at
// 820 a second.
inline constexpr std::chrono::milliseconds kMinReloadInterval{100};
// A reload of changes rebuilds the snapshot's list and index of every return, so its cost grows
// with the returns held; the next comes no sooner than this many times the last one's duration,
// so that reloading takes about a tenth of a core at most (at 200,000 returns and 16 writers,
// reloading every 100 ms took CPU that SubmitReturn needed), and never later than
// kMaxReloadInterval after the previous one, so that a change shows within about a second.
inline constexpr int kReloadIntervalPerReloadTime = 9;
inline constexpr std::chrono::milliseconds kMaxReloadInterval{1000};

// How long to gather notices before the next reload, after a reload of changes that took
// `took` (a full reload is rare, and says nothing of what the next reload of changes costs:
// after one, pass zero).
std::chrono::steady_clock::duration ReloadInterval(std::chrono::steady_clock::duration took);

// Whether `changed` returns are better read by reloading everything than one by one, with
// `held` returns in the snapshot. A full reload reads every line of every return (9 s of a core
// at 200,000 returns); reading the changed ones costs about as much only once they are a good
// part of all. (With a fixed bound of 1,000, 16 writers at 700 a second crossed it between two
// reloads of changes and set off a full reload that took a core from them for 19 s.)
bool ReloadEverything(size_t changed, size_t held);

class SnapshotRefresher {
 public:
  // `connection_string` is for the listening connection; `pool` serves the reloads.
  SnapshotRefresher(std::string connection_string, db::ConnectionPool& pool,
                    SnapshotHolder& holder);
  ~SnapshotRefresher();  // stops the thread

  void Start();

 private:
  void Run();
  // What the notices since the last refresh asked for.
  struct Pending {
    bool everything = false;
    std::set<std::string> return_ids;
    bool empty() const { return !everything && return_ids.empty(); }
  };
  bool Refresh(Pending& pending, std::chrono::milliseconds backoff);

  const std::string connection_string_;
  db::ConnectionPool& pool_;
  SnapshotHolder& holder_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace foi::stats
