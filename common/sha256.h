// File: common/sha256.h
#pragma once

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

namespace foi {

// The 32-byte SHA-256 digest of `data`.
std::string Sha256(absl::string_view data);

// The SHA-256 digest of bytes that arrive in pieces (an upload), without holding them.
class Sha256Hasher {
 public:
  Sha256Hasher();
  Sha256Hasher(Sha256Hasher&&) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&&) noexcept;
  ~Sha256Hasher();

  void Update(absl::string_view bytes);
  // The 32-byte digest of every byte given so far; more may be given after.
  std::string Digest() const;

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace foi
