#include "common/server/termination_signals.h"

#include <pthread.h>
#include <signal.h>

#include <cerrno>

namespace foi {
namespace {

sigset_t TerminationSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void TerminationSignals::Block() {
  const sigset_t set = TerminationSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool TerminationSignals::WaitFor(absl::Duration timeout) {
  const sigset_t set = TerminationSet();
  const timespec wait = absl::ToTimespec(timeout);
  while (true) {
    if (sigtimedwait(&set, nullptr, &wait) > 0) return true;
    if (errno == EAGAIN) return false;
    // EINTR: another signal interrupted the wait; keep waiting. (Rarely shortens the wait.)
  }
}

void TerminationSignals::Wait() {
  const sigset_t set = TerminationSet();
  int signal_number = 0;
  sigwait(&set, &signal_number);
}

}  // namespace foi
