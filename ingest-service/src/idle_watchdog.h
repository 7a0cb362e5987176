// File: ingest-service/src/idle_watchdog.h
//
// Notices a client that has gone quiet. A blocking gRPC stream read waits for ever; this calls
// `on_idle` (which cancels the call) once nothing has happened for `limit`, so a stalled client
// cannot hold a server thread, a temporary file or anything else indefinitely.
//
//   IdleWatchdog watchdog(absl::Seconds(30), [&] { context.TryCancel(); });
//   while (reader.Read(&message)) { watchdog.Touch(); ... }
//   if (watchdog.fired()) ...
#pragma once

#include <functional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace foi::ingest {

class IdleWatchdog {
 public:
  IdleWatchdog(absl::Duration limit, std::function<void()> on_idle);
  // Stops watching; `on_idle` is not called after this returns.
  ~IdleWatchdog();

  IdleWatchdog(const IdleWatchdog&) = delete;
  IdleWatchdog& operator=(const IdleWatchdog&) = delete;

  // Something happened: the idle time starts again.
  void Touch();
  // Whether `on_idle` was called.
  bool fired() const;

 private:
  void Watch();

  const absl::Duration limit_;
  const std::function<void()> on_idle_;
  mutable absl::Mutex mutex_;
  absl::Time last_activity_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  bool fired_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace foi::ingest
