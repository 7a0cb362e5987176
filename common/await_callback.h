// File: common/await_callback.h
//
// The blocking form of an API that answers through a callback: AwaitCallback<T>(start) calls
// `start` with a callback taking a T, waits until that callback has run (on whatever thread),
// and returns what it was given.
#pragma once

#include <functional>
#include <optional>
#include <utility>

#include "absl/synchronization/notification.h"

namespace foi {

template <typename T>
T AwaitCallback(const std::function<void(std::function<void(T)>)>& start) {
  std::optional<T> value;
  absl::Notification given;
  start([&](T v) {
    value = std::move(v);
    given.Notify();
  });
  given.WaitForNotification();
  return *std::move(value);
}

}  // namespace foi
