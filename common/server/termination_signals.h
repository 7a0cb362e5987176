// File: common/server/termination_signals.h
//
// SIGINT and SIGTERM, received synchronously. Block() must run in main() before any thread
// starts, so that every thread inherits the mask and the signals wait for Wait() to take them.
#pragma once

#include "absl/time/time.h"

namespace foi {

class TerminationSignals {
 public:
  static void Block();

  // Waits up to `timeout` for SIGINT or SIGTERM; true if one arrived. Doubles as an
  // interruptible sleep for retry loops.
  static bool WaitFor(absl::Duration timeout);

  // Waits until SIGINT or SIGTERM arrives.
  static void Wait();
};

}  // namespace foi
