// File: ingest-service/src/value_numbers.h
//
// Values kept once and referred to by number: what many rows of an import repeat (a return's
// key, an outcome label) costs one copy however often it is seen.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/container/node_hash_map.h"

namespace foi::ingest {

template <typename T>
class ValueNumbers {
 public:
  // The number of `value`, kept now if it is new.
  uint32_t Of(T value) {
    auto [it, added] =
        numbers_.try_emplace(std::move(value), static_cast<uint32_t>(values_.size()));
    if (added) values_.push_back(&it->first);
    return it->second;
  }
  const T& operator[](uint32_t number) const { return *values_[number]; }
  size_t size() const { return values_.size(); }

 private:
  absl::node_hash_map<T, uint32_t> numbers_;  // a node map: its keys never move
  std::vector<const T*> values_;
};

}  // namespace foi::ingest
