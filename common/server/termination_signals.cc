#include "common/server/termination_signals.h"

#include <pthread.h>
#include <signal.h>

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

void TerminationSignals::Wait() {
  const sigset_t set = TerminationSet();
  int signal_number = 0;
  sigwait(&set, &signal_number);
}

}  // namespace foi
