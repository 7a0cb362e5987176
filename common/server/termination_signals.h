// File: common/server/termination_signals.h
//
// SIGINT and SIGTERM, received synchronously. Block() must run in main() before any thread
// starts, so that every thread inherits the mask and the signals wait for Wait() to take them.
#pragma once

namespace foi {

class TerminationSignals {
 public:
  static void Block();

  // Waits until SIGINT or SIGTERM arrives.
  static void Wait();
};

}  // namespace foi
