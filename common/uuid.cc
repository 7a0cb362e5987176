#include "common/uuid.h"

#include <openssl/rand.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace foi {

namespace {

// Random bytes drawn from OpenSSL a few kilobytes at a time: a call per id cost 3 µs (its
// generator locks and reseeds), 0.6 s of a 200,000-return import.
class RandomBytes {
 public:
  void Take(unsigned char* out, size_t n) {
    if (used_ + n > sizeof(buffer_)) {
      if (RAND_bytes(buffer_, sizeof(buffer_)) != 1) std::abort();  // ids could collide
      used_ = 0;
    }
    std::memcpy(out, buffer_ + used_, n);
    used_ += n;
  }

 private:
  unsigned char buffer_[4096];
  size_t used_ = sizeof(buffer_);
};

}  // namespace

std::string NewUuid() {
  thread_local RandomBytes random;
  unsigned char bytes[16];
  random.Take(bytes, sizeof(bytes));
  const uint64_t millis = static_cast<uint64_t>(absl::ToUnixMillis(absl::Now()));
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<unsigned char>(millis >> (8 * (5 - i)));
  bytes[6] = (bytes[6] & 0x0f) | 0x70;  // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(36, '-');
  size_t at = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++at;  // the dashes, already in place
    id[at++] = kHex[bytes[i] >> 4];
    id[at++] = kHex[bytes[i] & 0x0f];
  }
  return id;
}

bool IsUuid(absl::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? text[i] != '-'
                      : !absl::ascii_isxdigit(static_cast<unsigned char>(text[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace foi
