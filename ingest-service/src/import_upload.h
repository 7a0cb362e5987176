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

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "foi/v1/ingest_service.pb.h"
#include "ingest-service/src/upload_spool.h"

namespace foi::ingest {

struct UploadLimits {
  // A stream that sends nothing for this long is cancelled.
  absl::Duration idle_timeout = absl::Seconds(30);
  // The largest file taken, in bytes.
  int64_t max_bytes = int64_t{1} << 30;
};

struct ReceivedUpload {
  foi::v1::ImportHeader header;
  UploadSpool file;
};

// Reads the header and the whole file. INVALID_ARGUMENT when the first message is not a
// header, a later one is, a header field breaks a rule, or the file is too large;
// PERMISSION_DENIED as soon as the header arrives if `caller` may not write returns;
// CANCELLED (UPLOAD_INCOMPLETE) as above.
absl::StatusOr<ReceivedUpload> ReceiveUpload(
    grpc::ServerContext& context,
    grpc::ServerReaderInterface<foi::v1::ImportReturnsRequest>& reader,
    const auth::Principal& caller, const UploadLimits& limits);

}  // namespace foi::ingest
