// File: ingest-service/src/upload_spool.h
//
// Holds an uploaded file while it arrives, in an unnamed temporary file (O_TMPFILE: gone when
// the spool is, even if the process dies), so that a slow or stalled client holds disk space
// but no database connection, transaction or import slot, and memory stays flat with file
// size.
//
//   FOI_ASSIGN_OR_RETURN(UploadSpool spool, UploadSpool::Create("/var/tmp", kMaxUploadBytes));
//   FOI_RETURN_IF_ERROR(spool.Append(chunk));   // as the chunks arrive
//   auto next_chunk = spool.ChunkReader();       // then read it back, a chunk at a time
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/sha256.h"

namespace foi::ingest {

// Reads a file a chunk at a time: true with the next bytes in `chunk`, false at the end, an
// error when the bytes could not be read (then the file is not whole and must not be used).
using ChunkSource = std::function<absl::StatusOr<bool>(std::string& chunk)>;

class UploadSpool {
 public:
  // A spool in folder `dir` that takes at most `max_bytes`. UNAVAILABLE when no temporary file
  // can be made there.
  static absl::StatusOr<UploadSpool> Create(const std::string& dir, int64_t max_bytes);

  UploadSpool(UploadSpool&& other) noexcept;
  UploadSpool& operator=(UploadSpool&&) = delete;
  ~UploadSpool();

  // Adds the next bytes of the file. INVALID_ARGUMENT (reason FILE_TOO_LARGE) past max_bytes;
  // UNAVAILABLE when the disk refuses them.
  absl::Status Append(absl::string_view bytes);

  // A reader of the whole file from its start. It fails (UNAVAILABLE) unless it reads back
  // exactly the bytes appended. Only one reader at a time.
  ChunkSource ChunkReader() const;

  // The SHA-256 digest of the bytes appended (what a retried upload is recognised by).
  std::string Sha256() const { return digest_.Digest(); }
  int64_t size() const { return size_; }

 private:
  UploadSpool(int fd, int64_t max_bytes) : fd_(fd), max_bytes_(max_bytes) {}

  int fd_;
  int64_t max_bytes_;
  int64_t size_ = 0;
  Sha256Hasher digest_;
};

}  // namespace foi::ingest
