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
  UuidBytes bytes;
  random.Take(bytes.data(), bytes.size());
  const uint64_t millis = static_cast<uint64_t>(absl::ToUnixMillis(absl::Now()));
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<uint8_t>(millis >> (8 * (5 - i)));
  bytes[6] = (bytes[6] & 0x0f) | 0x70;  // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
  return FormatUuid(bytes);
}

std::string FormatUuid(const UuidBytes& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(36, '-');
  size_t at = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++at;  // the dashes, already in place
    text[at++] = kHex[bytes[i] >> 4];
    text[at++] = kHex[bytes[i] & 0x0f];
  }
  return text;
}

std::optional<UuidBytes> ParseUuid(absl::string_view text) {
  if (!IsUuid(text)) return std::nullopt;
  const auto value = [](char digit) {
    return absl::ascii_isdigit(static_cast<unsigned char>(digit))
               ? digit - '0'
               : absl::ascii_tolower(static_cast<unsigned char>(digit)) - 'a' + 10;
  };
  UuidBytes bytes;
  size_t next = 0;
  for (size_t i = 0; i < text.size(); i += 2) {
    if (text[i] == '-') ++i;  // dashes stand where a byte begins
    bytes[next++] = static_cast<uint8_t>(value(text[i]) << 4 | value(text[i + 1]));
  }
  return bytes;
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
