// File: stats-service/src/interned.h
//
// Interned<T>: one shared, immutable copy of each distinct value, for the few values that
// hundreds of thousands of stored returns repeat (force and offence ids, the lists of FOI Act
// sections forces cite). A return then holds a pointer, 8 bytes, instead of a copy of its own:
// a 32-character offence id alone costs 80 (the string and its heap block).
//
//   Interned<std::string> force = std::string("lancashire");
//   LookUp(*force);  // const std::string&
//
// The copies live as long as the process: they come from small sets (the catalogue's ids, the
// exemptions forces cite), so the pool stays small however often snapshots are reloaded.
// Interning takes a lock; reading an interned value does not.
#pragma once

#include <utility>

#include "absl/base/const_init.h"
#include "absl/container/node_hash_set.h"
#include "absl/synchronization/mutex.h"

namespace foi::stats {

template <typename T>
class Interned {
 public:
  // T{}.
  Interned() : value_(Empty()) {}
  // Implicit, so that a field of this type is assigned a value as a field of type T would be.
  Interned(T value) : value_(Intern(std::move(value))) {}  // NOLINT(google-explicit-constructor)
  Interned& operator=(T value) {
    value_ = Intern(std::move(value));
    return *this;
  }

  const T& operator*() const { return *value_; }
  const T* operator->() const { return value_; }
  operator const T&() const { return *value_; }  // NOLINT(google-explicit-constructor)

  // Equal values share one copy: comparing the pointers compares the values.
  friend bool operator==(const Interned& a, const Interned& b) { return a.value_ == b.value_; }
  // Compares without interning `b`, so that comparing does not grow the pool.
  friend bool operator==(const Interned& a, const T& b) { return *a.value_ == b; }

 private:
  static const T* Intern(T value) {
    static absl::Mutex mutex(absl::kConstInit);
    // Never destroyed: values may be read until the process ends.
    static auto* const pool = new absl::node_hash_set<T>();
    absl::MutexLock lock(&mutex);
    return &*pool->insert(std::move(value)).first;
  }
  static const T* Empty() {
    static const T* const empty = Intern(T());
    return empty;
  }

  const T* value_;
};

}  // namespace foi::stats
