// File: ingest-service/src/import_upload.h
//
// Receives an ImportReturns stream: the header, then the file's chunks into an UploadSpool,
// until the client closes its side. Transport only: it knows gRPC and nothing of CSV or the
// database, which the import touches only once the whole file has arrived.
//
// Only a stream the client closed normally counts as a file. One that was cancelled, cut off
// or idle for `idle_timeout` yields CANCELLED (reason UPLOAD_INCOMPLETE) and nothing of it is
// kept: the bytes before the cut are not the file.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/sync_stream.h>

#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "foi/v1/ingest_service.pb.h"
#include "ingest-service/src/import_mapping.h"
#include "ingest-service/src/import_reader.h"
#include "ingest-service/src/request_claims.h"
#include "ingest-service/src/upload_spool.h"

namespace foi::ingest {

struct UploadLimits {
  // A stream that sends no message for this long is cancelled.
  absl::Duration idle_timeout = absl::Seconds(30);
  // The largest file taken, in bytes.
  int64_t max_bytes = int64_t{1} << 30;
  // Where files are held while they arrive.
  std::string spool_dir = "/var/tmp";
  // Uploads held at once (received or being imported), at most: with max_bytes, bounds the
  // disk they take.
  int max_concurrent = 8;
};

// Counts the uploads held (being received, or received and waiting for or in their import),
// so that at most UploadLimits::max_concurrent files are on disk at once.
class UploadGate {
 public:
  // A place taken; given back when destroyed.
  class Place {
   public:
    explicit Place(UploadGate* gate) : gate_(gate) {}
    Place(Place&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}
    Place& operator=(Place&&) = delete;
    ~Place();

   private:
    UploadGate* gate_;
  };

  // A place, or RESOURCE_EXHAUSTED (reason UPLOADS_BUSY) when `limit` are held already.
  absl::StatusOr<Place> Enter(int limit);

 private:
  absl::Mutex mutex_;
  int held_ ABSL_GUARDED_BY(mutex_) = 0;
};

struct ReceivedUpload {
  UploadGate::Place place;  // given back after the file is gone
  foi::v1::ImportHeader header;
  UploadSpool file;
};

// What `header` says about the file beside its bytes, in the import's terms.
ImportMapping ImportMappingOf(const foi::v1::ImportHeader& header);
// How the file is to be read: its format (unspecified: recognised by its content), encoding,
// sheet and whether hidden content is allowed.
ReaderOptions ReaderOptionsOf(const foi::v1::ImportHeader& header);
// The idempotency claim of the upload: its request id, and a hash of its header and file.
RequestClaim ImportClaimOf(const ReceivedUpload& upload);

// Reads the header and the whole file. PERMISSION_DENIED before reading anything if `caller`
// may not write returns; RESOURCE_EXHAUSTED (UPLOADS_BUSY) when `gate` is full;
// INVALID_ARGUMENT when the first message is not a header, a later one is, a header field
// breaks a rule, or the file is too large; CANCELLED (UPLOAD_INCOMPLETE) as above.
absl::StatusOr<ReceivedUpload> ReceiveUpload(
    grpc::ServerContext& context,
    grpc::ServerReaderInterface<foi::v1::ImportReturnsRequest>& reader,
    const auth::Principal& caller, const UploadLimits& limits, UploadGate& gate);

}  // namespace foi::ingest
