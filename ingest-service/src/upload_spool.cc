#include "ingest-service/src/upload_spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/error_info.h"

namespace foi::ingest {
namespace {

constexpr size_t kReadChunkBytes = 256 * 1024;

absl::Status DiskError(absl::string_view what) {
  return absl::UnavailableError(absl::StrCat(what, ": ", std::strerror(errno)));
}

}  // namespace

absl::StatusOr<UploadSpool> UploadSpool::Create(const std::string& dir, int64_t max_bytes) {
  // Unnamed from the start: nothing is left behind, whatever happens to the process.
  int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    // A file system without O_TMPFILE (older overlay file systems): a named file, unlinked
    // at once.
    std::string path = dir + "/foi-upload-XXXXXX";
    fd = mkostemp(path.data(), O_CLOEXEC);
    if (fd >= 0) unlink(path.c_str());
  }
  if (fd < 0) return DiskError(absl::StrCat("cannot make a temporary file in ", dir));
  return UploadSpool(fd, max_bytes);
}

UploadSpool::UploadSpool(UploadSpool&& other) noexcept
    : fd_(other.fd_),
      max_bytes_(other.max_bytes_),
      size_(other.size_),
      digest_(std::move(other.digest_)) {
  other.fd_ = -1;
}

UploadSpool::~UploadSpool() {
  if (fd_ >= 0) close(fd_);
}

absl::Status UploadSpool::Append(absl::string_view bytes) {
  if (size_ + static_cast<int64_t>(bytes.size()) > max_bytes_) {
    return WithReason(
        absl::InvalidArgumentError(absl::StrCat("the file is larger than ", max_bytes_,
                                                " bytes, the most one import "
                                                "takes: split it")),
        "FILE_TOO_LARGE", {{"max_bytes", absl::StrCat(max_bytes_)}});
  }
  // Unbuffered: a full disk is reported here, for the chunk it refused, not lost in a buffer.
  for (size_t written = 0; written < bytes.size();) {
    const ssize_t n = pwrite(fd_, bytes.data() + written, bytes.size() - written,
                             static_cast<off_t>(size_ + static_cast<int64_t>(written)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return DiskError("cannot hold the upload on disk");
    written += static_cast<size_t>(n);
  }
  size_ += static_cast<int64_t>(bytes.size());
  digest_.Update(bytes);
  return absl::OkStatus();
}

ChunkSource UploadSpool::ChunkReader() const {
  auto offset = std::make_shared<int64_t>(0);
  return [fd = fd_, size = size_, offset](std::string& chunk) -> absl::StatusOr<bool> {
    if (*offset == size) return false;
    chunk.resize(static_cast<size_t>(std::min<int64_t>(kReadChunkBytes, size - *offset)));
    ssize_t n;
    do {
      n = pread(fd, chunk.data(), chunk.size(), static_cast<off_t>(*offset));
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
      return n < 0 ? DiskError("cannot read the upload back")
                   : absl::UnavailableError("the upload is shorter on disk than it was sent");
    }
    chunk.resize(static_cast<size_t>(n));
    *offset += n;
    return true;
  };
}

}  // namespace foi::ingest
