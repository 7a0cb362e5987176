#include "ingest-service/src/upload_spool.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/error_info.h"

namespace foi::ingest {
namespace {
constexpr size_t kReadChunkBytes = 256 * 1024;
}  // namespace

absl::StatusOr<UploadSpool> UploadSpool::Create(int64_t max_bytes) {
  std::FILE* file = std::tmpfile();  // unlinked at once: nothing is left behind
  if (file == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot make a temporary file for the upload: ", std::strerror(errno)));
  }
  return UploadSpool(std::unique_ptr<std::FILE, CloseFile>(file), max_bytes);
}

absl::Status UploadSpool::Append(absl::string_view bytes) {
  if (size_ + static_cast<int64_t>(bytes.size()) > max_bytes_) {
    return WithReason(
        absl::InvalidArgumentError(absl::StrCat("the file is larger than ", max_bytes_,
                                                " bytes, the most one import takes: split it")),
        "FILE_TOO_LARGE", {{"max_bytes", absl::StrCat(max_bytes_)}});
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) {
    return absl::UnavailableError(
        absl::StrCat("cannot hold the upload on disk: ", std::strerror(errno)));
  }
  size_ += static_cast<int64_t>(bytes.size());
  return absl::OkStatus();
}

std::function<bool(std::string&)> UploadSpool::ChunkReader() {
  std::fflush(file_.get());
  std::rewind(file_.get());
  return [file = file_.get()](std::string& chunk) {
    chunk.resize(kReadChunkBytes);
    const size_t read = std::fread(chunk.data(), 1, chunk.size(), file);
    chunk.resize(read);
    return read > 0;
  };
}

}  // namespace foi::ingest
