// File: ingest-service/src/upload_spool.h
//
// Holds an uploaded file while it arrives, in an unnamed temporary file (gone when the spool
// is, even if the process dies), so that a slow or stalled client holds disk space but no
// database connection, transaction or import slot, and memory stays flat with file size.
//
//   FOI_ASSIGN_OR_RETURN(UploadSpool spool, UploadSpool::Create(kMaxUploadBytes));
//   FOI_RETURN_IF_ERROR(spool.Append(chunk));   // as the chunks arrive
//   auto next_chunk = spool.ChunkReader();       // then read it back, a chunk at a time
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace foi::ingest {

class UploadSpool {
 public:
  // A spool that takes at most `max_bytes`. UNAVAILABLE when no temporary file can be made.
  static absl::StatusOr<UploadSpool> Create(int64_t max_bytes);

  // Adds the next bytes of the file. INVALID_ARGUMENT (reason FILE_TOO_LARGE) past max_bytes;
  // UNAVAILABLE when the disk refuses them.
  absl::Status Append(absl::string_view bytes);

  int64_t size() const { return size_; }

  // A reader of the whole file from its start: each call fills `chunk` with the next bytes
  // and returns false at the end. Only one reader at a time.
  std::function<bool(std::string& chunk)> ChunkReader();

 private:
  struct CloseFile {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  UploadSpool(std::unique_ptr<std::FILE, CloseFile> file, int64_t max_bytes)
      : file_(std::move(file)), max_bytes_(max_bytes) {}

  std::unique_ptr<std::FILE, CloseFile> file_;
  int64_t max_bytes_;
  int64_t size_ = 0;
};

}  // namespace foi::ingest
