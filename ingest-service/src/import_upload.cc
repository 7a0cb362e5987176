#include "ingest-service/src/import_upload.h"

#include <string>
#include <vector>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/error_info.h"
#include "common/field_violations.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/text_rules.h"
#include "common/uuid.h"
#include "ingest-service/src/idle_watchdog.h"
#include "ingest-service/src/return_service.h"

namespace foi::ingest {
namespace {

absl::Status CheckHeader(const foi::v1::ImportHeader& header) {
  std::vector<FieldViolation> violations;
  const bool xlsx = header.format() == foi::v1::IMPORT_FORMAT_XLSX;
  if (!xlsx && header.format() != foi::v1::IMPORT_FORMAT_CSV &&
      header.format() != foi::v1::IMPORT_FORMAT_UNSPECIFIED) {
    violations.push_back({"header.format",
                          "IMPORT_FORMAT_CSV, IMPORT_FORMAT_XLSX, or unspecified (recognised by "
                          "the file's content)"});
  }
  if (header.layout() != foi::v1::IMPORT_LAYOUT_UNSPECIFIED &&
      header.layout() != foi::v1::IMPORT_LAYOUT_FIGURES &&
      header.layout() != foi::v1::IMPORT_LAYOUT_CASES) {
    violations.push_back({"header.layout", "IMPORT_LAYOUT_FIGURES or IMPORT_LAYOUT_CASES"});
  }
  if (!header.request_id().empty() && !IsUuid(header.request_id())) {
    violations.push_back({"header.request_id",
                          absl::StrCat(QuoteForMessage(header.request_id()), " is not a UUID")});
  }
  if (std::string problem = TextProblem(header.sheet(), kLabelText); !problem.empty()) {
    violations.push_back({"header.sheet", std::move(problem)});
  } else if (!header.sheet().empty() && header.format() == foi::v1::IMPORT_FORMAT_CSV) {
    violations.push_back({"header.sheet", "a CSV file has no sheets; is the file an .xlsx?"});
  }
  if (std::string problem = TextProblem(header.source(), kSourceText); !problem.empty()) {
    violations.push_back({"header.source", std::move(problem)});
  }
  for (FieldViolation& violation : CheckImportMapping(ImportMappingOf(header), "header.")) {
    violations.push_back(std::move(violation));
  }
  if (!ParseTextEncoding(header.encoding())) {
    violations.push_back(
        {"header.encoding", absl::StrCat(QuoteForMessage(header.encoding()),
                                         " is not an encoding taken: utf-8 or windows-1252")});
  }
  if (violations.empty()) return absl::OkStatus();
  return InvalidArgumentWithViolations("the import header breaks a rule", violations);
}

absl::Status Incomplete(absl::string_view why) {
  return WithReason(absl::CancelledError(absl::StrCat(why, "; nothing was stored")),
                    "UPLOAD_INCOMPLETE");
}

}  // namespace

ImportMapping ImportMappingOf(const foi::v1::ImportHeader& header) {
  return {.layout = header.layout() == foi::v1::IMPORT_LAYOUT_CASES ? RowLayout::kCases
                                                                    : RowLayout::kFigures,
          .columns = {header.columns().begin(), header.columns().end()},
          .defaults = {header.defaults().begin(), header.defaults().end()},
          .force_names = {header.force_names().begin(), header.force_names().end()},
          .outcome_labels = {header.outcome_labels().begin(), header.outcome_labels().end()}};
}

ReaderOptions ReaderOptionsOf(const foi::v1::ImportHeader& header) {
  FileFormat format = FileFormat::kDetect;
  if (header.format() == foi::v1::IMPORT_FORMAT_CSV) format = FileFormat::kCsv;
  if (header.format() == foi::v1::IMPORT_FORMAT_XLSX) format = FileFormat::kXlsx;
  return {.format = format,
          .encoding = ParseTextEncoding(header.encoding()).value_or(TextEncoding::kUtf8),
          .xlsx = {.sheet = header.sheet(), .allow_hidden_content = header.allow_hidden_content()}};
}

RequestClaim ImportClaimOf(const ReceivedUpload& upload) {
  if (upload.header.request_id().empty()) return {};
  // The same header (its maps in a fixed order) and the same bytes: the same import.
  std::string header;
  {
    google::protobuf::io::StringOutputStream out(&header);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    upload.header.SerializeToCodedStream(&coded);
  }
  return {absl::AsciiStrToLower(upload.header.request_id()),
          Sha256(absl::StrCat(Sha256(header), upload.file.Sha256()))};
}

absl::StatusOr<UploadGate::Place> UploadGate::Enter(int limit) {
  absl::MutexLock lock(&mutex_);
  if (held_ >= limit) {
    return WithReason(absl::ResourceExhaustedError(
                          absl::StrCat(limit,
                                       " uploads are being received or imported already; try again "
                                       "shortly")),
                      "UPLOADS_BUSY");
  }
  ++held_;
  return Place(this);
}

UploadGate::Place::~Place() {
  if (gate_ == nullptr) return;
  absl::MutexLock lock(&gate_->mutex_);
  --gate_->held_;
}

absl::StatusOr<ReceivedUpload> ReceiveUpload(
    grpc::ServerContext& context,
    grpc::ServerReaderInterface<foi::v1::ImportReturnsRequest>& reader,
    const auth::Principal& caller, const UploadLimits& limits, UploadGate& gate) {
  // Before the first read: a read-only key learns it at once, not after sending its file.
  FOI_RETURN_IF_ERROR(AuthorizeSomeWrite(caller));
  FOI_ASSIGN_OR_RETURN(UploadGate::Place place, gate.Enter(limits.max_concurrent));
  IdleWatchdog watchdog(limits.idle_timeout, [&context] { context.TryCancel(); });
  const auto stopped_early = [&]() -> absl::Status {
    if (watchdog.fired()) {
      return Incomplete(
          absl::StrCat("the upload sent nothing for ", absl::FormatDuration(limits.idle_timeout)));
    }
    return Incomplete("the upload was cancelled or cut off before the client closed it");
  };

  foi::v1::ImportReturnsRequest message;
  if (!reader.Read(&message)) {
    if (context.IsCancelled()) return stopped_early();
    message.Clear();
  }
  if (!message.has_header()) {
    return InvalidArgumentWithViolations(
        "the first message must carry the header",
        {{"header", "send an ImportHeader first, then the file in chunks"}}, "HEADER_MISSING");
  }
  watchdog.Touch();
  FOI_RETURN_IF_ERROR(CheckHeader(message.header()));
  FOI_ASSIGN_OR_RETURN(UploadSpool file, UploadSpool::Create(limits.spool_dir, limits.max_bytes));
  ReceivedUpload upload{std::move(place), message.header(), std::move(file)};
  int64_t messages = 1;
  while (reader.Read(&message)) {
    watchdog.Touch();
    ++messages;
    if (message.has_header()) {
      return InvalidArgumentWithViolations(
          "only the first message may carry a header",
          {{absl::StrCat("messages[", messages - 1, "].header"),
            "a second header; send the file's bytes as chunks after the first"}},
          "HEADER_REPEATED");
    }
    FOI_RETURN_IF_ERROR(upload.file.Append(message.chunk()));
  }
  // Read() is false both when the client closed its side (the end of the file) and when the
  // stream was cancelled or cut: only the first is a whole file.
  if (context.IsCancelled() || watchdog.fired()) return stopped_early();
  return upload;
}

}  // namespace foi::ingest
