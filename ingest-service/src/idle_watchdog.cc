#include "ingest-service/src/idle_watchdog.h"

#include "absl/time/clock.h"

namespace foi::ingest {

IdleWatchdog::IdleWatchdog(absl::Duration limit, std::function<void()> on_idle)
    : limit_(limit), on_idle_(std::move(on_idle)), last_activity_(absl::Now()) {
  thread_ = std::thread([this] { Watch(); });
}

IdleWatchdog::~IdleWatchdog() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void IdleWatchdog::Touch() {
  absl::MutexLock lock(&mutex_);
  last_activity_ = absl::Now();
}

bool IdleWatchdog::fired() const {
  absl::MutexLock lock(&mutex_);
  return fired_;
}

void IdleWatchdog::Watch() {
  absl::MutexLock lock(&mutex_);
  while (!stopping_) {
    const absl::Time deadline = last_activity_ + limit_;
    if (absl::Now() >= deadline) {
      fired_ = true;
      // Called with the lock held, so that the destructor waits for it to finish.
      on_idle_();
      return;
    }
    mutex_.AwaitWithDeadline(absl::Condition(&stopping_), deadline);
  }
}

}  // namespace foi::ingest
