#include "ingest-service/src/return_importer.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <exception>
#include <map>
#include <tuple>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/db/pq_errors.h"
#include "common/error_info.h"
#include "common/field_violations.h"
#include "common/status_macros.h"
#include "common/text_rules.h"
#include "ingest-service/src/import_assembler.h"
#include "ingest-service/src/import_row.h"
#include "ingest-service/src/import_rows.h"
#include "ingest-service/src/imported_returns.h"
#include "ingest-service/src/outcome_labels.h"
#include "ingest-service/src/return_service.h"
#include "ingest-service/src/return_validator.h"
#include "ingest-service/src/unknown_names.h"
#include "return_queries.h"  // generated: one constant per queries/*.sql

namespace foi::ingest {
namespace {

// Rows assembled between two looks at whether the client is still there.
constexpr int64_t kRowsBetweenChecks = 65536;
// Errors kept in memory, at most; later ones are only counted, so a file that is wrong on
// every one of its million rows still imports (fails) in bounded memory.
constexpr size_t kMaxKeptErrors = 10000;

absl::Status ClientGone() {
  return WithReason(absl::CancelledError("the client went away before the import was stored; "
                                         "nothing was stored"),
                    "UPLOAD_INCOMPLETE");
}

absl::Status OverlapStoredMeanwhile() {
  return WithReason(absl::FailedPreconditionError(
                        "a return stored while the file was being checked overlaps one of "
                        "the file's; check the file again (validate_only) to see which"),
                    "OVERLAPS_ACTIVE_RETURN");
}

// Maps a violation of an assembled return back to the row and column it came from.
CsvError LocateViolation(const FieldViolation& violation, const AssembledReturn& assembled,
                         const ImportLayout& layout) {
  static const std::map<std::string, ImportColumn, std::less<>> kReturnFields = {
      {"force_id", ImportColumn::kForce},
      {"offence_id", ImportColumn::kOffence},
      {"period_start", ImportColumn::kPeriodStart},
      {"period_end", ImportColumn::kPeriodEnd},
      {"foi_reference", ImportColumn::kFoiReference},
      {"received_on", ImportColumn::kReceivedOn},
      {"total_reports", ImportColumn::kTotalReports},
      {"not_yet_assigned", ImportColumn::kNotYetAssigned},
      {"unaccounted_reports", ImportColumn::kUnaccountedReports},
      {"unknown_outcome_reports", ImportColumn::kUnknownOutcomeReports}};
  absl::string_view path = violation.field;
  int64_t row = assembled.first_row;
  ImportColumn column = ImportColumn::kTotalReports;
  size_t line = 0;
  if (absl::ConsumePrefix(&path, "lines[")) {
    const size_t close = path.find(']');
    if (close != absl::string_view::npos && absl::SimpleAtoi(path.substr(0, close), &line) &&
        line < assembled.line_rows.size()) {
      row = assembled.line_rows[line];
    }
    column = absl::StrContains(path, ".count") ? ImportColumn::kCount : ImportColumn::kOutcome;
  } else if (absl::StartsWith(path, "exemptions")) {
    column = ImportColumn::kExemptions;
  } else if (auto known = kReturnFields.find(path); known != kReturnFields.end()) {
    column = known->second;
  }
  // A file of cases has no count columns: what the import counted is at the outcome.
  if (layout.row_layout() == RowLayout::kCases && !layout.Reads(column)) {
    column = ImportColumn::kOutcome;
  }
  return {row, layout.ColumnNumber(column),
          absl::StrCat(ImportColumnName(column), ": ", violation.description)};
}

}  // namespace

// One import, a method per step, sharing what the steps find: the file's layout, its errors
// and warnings.
class ReturnImporter::Run {
 public:
  Run(const ReturnImporter& importer, const auth::Principal& caller, const ImportOptions& options,
      pqxx::work& txn)
      : importer_(importer), caller_(caller), options_(options), txn_(txn) {}
  // A COPY still open when the import stops early is closed before its savepoint goes.
  ~Run() { imported_.AbandonWrite(); }

  // An earlier import's answer when the request id was claimed before, else nothing (the id is
  // now this import's).
  absl::StatusOr<std::optional<std::string>> ClaimRequest();
  // 1. The file's rows, parsed as they are read and kept in memory.
  absl::Status ReadRows(const ChunkSource& next_chunk);
  // 2. The rows return by return: assembled and checked (the rows are let go then), and
  //    unless this is a trial, sent to the database as they pass, under a savepoint.
  absl::Status AssembleAndCheck();
  // 3. No return may overlap another in the file (nor, on a trial, an active one).
  absl::Status CheckOverlaps();
  // 4. The returns stored (an overlap with an active return found there is an error of its
  //    row), and the answer (recorded for retries under the request id).
  absl::StatusOr<ImportResult> Store();

 private:
  void AddError(CsvError error);
  void BoundErrors();
  void AddWarning(CsvError located);
  absl::Status Errors() const;
  void AddOverlaps(const std::vector<ImportOverlap>& overlaps);
  bool ClientLeft() const { return options_.still_wanted && !options_.still_wanted(); }

  const ReturnImporter& importer_;
  const auth::Principal& caller_;
  const ImportOptions& options_;
  pqxx::work& txn_;
  FileRead file_;
  std::optional<ImportLayout> layout_;
  int64_t rows_ = 0;
  ImportRows row_store_;
  // The savepoint the returns are written under (declared before imported_, whose COPY it
  // must outlive).
  std::optional<pqxx::subtransaction> write_;
  ImportedReturns imported_;
  std::vector<CsvError> errors_;
  int64_t uncounted_errors_ = 0;  // beyond kMaxKeptErrors
  // The first warnings by row, at most kMaxListedWarnings, as a heap whose top is the latest
  // kept (memory stays bounded however many there are); the rest are only counted.
  std::vector<ImportWarning> warnings_;
  int64_t unlisted_warnings_ = 0;
};

namespace {
bool WarnedLater(const ImportWarning& a, const ImportWarning& b) {
  return std::tie(a.row, a.column) < std::tie(b.row, b.column);
}
}  // namespace

void ReturnImporter::Run::AddError(CsvError error) {
  if (errors_.size() >= kMaxKeptErrors) {
    ++uncounted_errors_;
    return;
  }
  errors_.push_back(std::move(error));
}

// The assembler adds its errors directly; a batch adds a bounded number, trimmed here.
void ReturnImporter::Run::BoundErrors() {
  if (errors_.size() <= kMaxKeptErrors) return;
  uncounted_errors_ += static_cast<int64_t>(errors_.size() - kMaxKeptErrors);
  errors_.resize(kMaxKeptErrors);
}

void ReturnImporter::Run::AddWarning(CsvError located) {
  warnings_.push_back({located.row, located.column, "", std::move(located.message)});
  std::push_heap(warnings_.begin(), warnings_.end(), WarnedLater);
  if (warnings_.size() > kMaxListedWarnings) {
    std::pop_heap(warnings_.begin(), warnings_.end(), WarnedLater);
    warnings_.pop_back();
    ++unlisted_warnings_;
  }
}

absl::Status ReturnImporter::Run::Errors() const {
  std::vector<CsvError> sorted = errors_;
  std::sort(sorted.begin(), sorted.end(), [](const CsvError& a, const CsvError& b) {
    return std::tie(a.row, a.column) < std::tie(b.row, b.column);
  });
  std::vector<FieldViolation> violations;
  for (const CsvError& error : sorted) {
    violations.push_back({file_.CellPath(error.row, error.column), error.message});
  }
  const int64_t total = static_cast<int64_t>(sorted.size()) + uncounted_errors_;
  return WithReason(
      InvalidArgumentWithViolations(
          absl::StrCat("the file has ", total, " error(s), so nothing was imported"), violations),
      "FILE_INVALID", {{"violations", absl::StrCat(total)}});
}

absl::StatusOr<std::optional<std::string>> ReturnImporter::Run::ClaimRequest() {
  const RequestClaim& claim = options_.claim;
  // Without a way to keep the answer there is nothing to replay: no claim.
  if (claim.request_id.empty() || options_.validate_only || !options_.encode_answer) {
    return std::nullopt;
  }
  const std::string hash = absl::BytesToHexString(claim.request_hash);
  if (!txn_.exec_params(std::string(kClaimImportRequest), claim.request_id, hash, caller_.key_id)
           .empty()) {
    return std::nullopt;
  }
  const pqxx::row first = txn_.exec_params1(std::string(kSelectImportRequest), claim.request_id);
  // Another key's request id is never answered from: its answer is that key's.
  if (first["request_hash"].as<std::string>() != hash ||
      first["key_id"].as<std::string>() != caller_.key_id) {
    return WithReason(
        absl::InvalidArgumentError(
            absl::StrCat("request_id ", claim.request_id,
                         " was already used for a different import (another key, header or file)")),
        "REQUEST_ID_REUSED", {{"request_id", claim.request_id}});
  }
  return absl::HexStringToBytes(first["response"].as<std::string>());
}

absl::Status ReturnImporter::Run::ReadRows(const ChunkSource& next_chunk) {
  const Catalog& catalog = importer_.catalog_;
  UnknownNames unknown;
  absl::Status denied;
  std::vector<CsvError> row_errors;
  // Keeping a row can throw (out of memory); the callback may run inside the XML parser, whose
  // C frames an exception must not cross: it is kept, the rest of the file skipped, and
  // rethrown once the reader is done.
  std::exception_ptr failure;
  auto read_record = [&](const CsvRecord& record) {
    if (!layout_) {
      layout_ = ImportLayout::FromHeader(record, options_.mapping, row_errors);
      return;
    }
    ++rows_;
    if (!layout_->ok() || rows_ > kMaxImportRows) return;
    std::optional<ImportRow> row = ParseImportRow(record, *layout_, catalog, row_errors, unknown);
    for (CsvError& error : row_errors) AddError(std::move(error));
    row_errors.clear();
    if (!row || row->kind == OutcomeKind::kNotAReport) return;
    if (absl::Status allowed = AuthorizeWrite(caller_, row->force_id);
        !allowed.ok() && denied.ok()) {
      denied = WithReason(
          absl::PermissionDeniedError(absl::StrCat("row ", row->row, ": ", allowed.message())),
          "FORCE_NOT_ALLOWED", {{"row", absl::StrCat(row->row)}});
    }
    row_store_.Add(*row);
  };
  auto on_record = [&](const CsvRecord& record) {
    if (failure) return;
    try {
      read_record(record);
    } catch (...) {
      failure = std::current_exception();
    }
  };
  absl::StatusOr<FileRead> read_or = ReadRecords(next_chunk, options_.reader, on_record);
  if (failure) std::rethrow_exception(failure);
  FOI_ASSIGN_OR_RETURN(FileRead read, std::move(read_or));
  file_ = std::move(read);
  for (CsvError& error : row_errors) AddError(std::move(error));  // the header's
  for (const CsvError& error : file_.errors) AddError(error);
  uncounted_errors_ += file_.error_count - static_cast<int64_t>(file_.errors.size());
  if (layout_) {
    std::vector<CsvError> unknown_errors;
    unknown.AppendErrors(catalog, layout_->outcome_labels(), layout_->MappedForceNames(),
                         unknown_errors);
    for (CsvError& error : unknown_errors) AddError(std::move(error));
  }
  if (!denied.ok()) return denied;
  if (rows_ > kMaxImportRows) {
    return WithReason(
        absl::InvalidArgumentError(absl::StrCat("the file has ", rows_, " rows; at most ",
                                                kMaxImportRows, " are imported at once: split it")),
        "FILE_TOO_LARGE", {{"max_rows", absl::StrCat(kMaxImportRows)}});
  }
  if (!layout_) {
    AddError({1, 1, "the file is empty"});
  } else if (rows_ == 0) {
    AddError({1, 1, "the file has a header but no rows"});
  }
  return errors_.empty() ? absl::OkStatus() : Errors();
}

absl::Status ReturnImporter::Run::AssembleAndCheck() {
  const Catalog& catalog = importer_.catalog_;
  const absl::CivilDay today = importer_.today_();
  // The rows are let go once assembled: only the checked returns stay for the write.
  const ImportRows rows = std::move(row_store_);
  // PostgreSQL stores the first returns while the rest are checked: returns are sent as long
  // as no error has been found, and a file with one is rolled back whatever was sent.
  if (!options_.validate_only) {
    write_.emplace(txn_, "write_imported_returns");
    imported_.BeginWrite(*write_, caller_.key_id, caller_.name);
  }
  ReturnAssembler assembler(
      *layout_,
      [&](AssembledReturn assembled) {
        const std::vector<FieldViolation> violations =
            ValidateReturn(assembled.foi_return, catalog, today);
        for (const FieldViolation& violation : violations) {
          AddError(LocateViolation(violation, assembled, *layout_));
        }
        if (!violations.empty()) return;
        for (const Warning& warning : WarningsFor(assembled.foi_return, catalog)) {
          AddWarning(LocateViolation({warning.field, warning.description}, assembled, *layout_));
        }
        imported_.Add(assembled);
        if (write_ && errors_.empty()) imported_.WriteAdded();
      },
      errors_);
  int64_t seen = 0;
  bool client_left = false;
  rows.ForEachByReturn([&](const StagedRow& row) {
    if (++seen % kRowsBetweenChecks == 0) {
      BoundErrors();
      if (ClientLeft()) {
        client_left = true;
        return false;
      }
    }
    assembler.Add(row);
    return true;
  });
  if (client_left) return ClientGone();
  assembler.Finish();
  BoundErrors();
  return errors_.empty() ? absl::OkStatus() : Errors();
}

void ReturnImporter::Run::AddOverlaps(const std::vector<ImportOverlap>& overlaps) {
  for (const auto& [first_row, what] : overlaps) {
    AddError({first_row, layout_->ColumnNumber(ImportColumn::kPeriodStart),
              absl::StrCat("period_start: the period overlaps ", what)});
  }
}

absl::Status ReturnImporter::Run::CheckOverlaps() {
  AddOverlaps(imported_.OverlapsWithinFile());
  // Overlaps with stored returns are left to the overlap constraint when the returns are
  // written (Store), which asks only then which they are; a trial writes nothing, so asks now.
  if (options_.validate_only) AddOverlaps(imported_.OverlapsWithStored(txn_, kMaxKeptErrors));
  BoundErrors();
  return errors_.empty() ? absl::OkStatus() : Errors();
}

absl::StatusOr<ImportResult> ReturnImporter::Run::Store() {
  if (!options_.validate_only) {
    // A return's source is who supplied it (the key's holder), as for SubmitReturn; the file
    // it came in is the import's audit record. Written under a savepoint: if the overlap
    // constraint refuses a return, the write is undone and the overlaps are listed by row.
    bool overlapped = false;
    try {
      imported_.EndWrite(*write_, options_.source);
      write_->commit();
    } catch (const std::exception& error) {
      if (!db::IsExclusionViolation(error)) throw;
      overlapped = true;
    }
    write_.reset();  // rolled back to the savepoint when not committed
    if (overlapped) {
      AddOverlaps(imported_.OverlapsWithStored(txn_, kMaxKeptErrors));
      // None found: the return it overlapped was stored meanwhile, after this transaction's
      // snapshot was taken.
      if (errors_.empty()) return OverlapStoredMeanwhile();
      BoundErrors();
      return Errors();
    }
  }
  ImportResult result;
  result.rows = rows_;
  result.returns_imported = imported_.size();
  result.returns = imported_.FirstInFileOrder(kMaxListedReturns, !options_.validate_only);
  for (FoiReturn& listed : result.returns) {
    if (options_.validate_only) continue;
    listed.created_by = caller_.key_id;
    listed.source = caller_.name;
  }
  std::sort_heap(warnings_.begin(), warnings_.end(), WarnedLater);
  for (ImportWarning& warning : warnings_)
    warning.field = file_.CellPath(warning.row, warning.column);
  if (unlisted_warnings_ > 0) {
    warnings_.push_back({0, 0, file_.CellPath(0, 0),
                         absl::StrCat(unlisted_warnings_, " more warning(s) not listed")});
  }
  result.warnings = std::move(warnings_);
  if (!options_.claim.request_id.empty() && !options_.validate_only && options_.encode_answer) {
    txn_.exec_params(std::string(kRecordImportResponse), options_.claim.request_id,
                     absl::BytesToHexString(options_.encode_answer(result)));
  }
  return result;
}

absl::Status ReturnImporter::TakeSlot(const ImportOptions& options) {
  const absl::Time give_up = absl::Now() + slot_wait_;
  absl::MutexLock lock(&slots_mutex_);
  const auto slot_free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(slots_mutex_) {
    return running_ < kMaxConcurrentImports;
  };
  while (!slot_free()) {
    if (options.still_wanted && !options.still_wanted()) return ClientGone();
    if (absl::Now() >= give_up) {
      return WithReason(absl::ResourceExhaustedError(absl::StrCat(
                            kMaxConcurrentImports, " imports have been writing for over ",
                            absl::FormatDuration(slot_wait_), "; try again shortly")),
                        "IMPORT_BUSY");
    }
    // Wakes at least every 200 ms to notice a client that went away.
    slots_mutex_.AwaitWithTimeout(absl::Condition(&slot_free), absl::Milliseconds(200));
  }
  ++running_;
  return absl::OkStatus();
}

void ReturnImporter::GiveSlotBack() {
  absl::MutexLock lock(&slots_mutex_);
  --running_;
}

absl::StatusOr<ImportResult> ReturnImporter::Import(const auth::Principal& caller,
                                                    const ChunkSource& next_chunk,
                                                    const ImportOptions& options) {
  FOI_RETURN_IF_ERROR(AuthorizeSomeWrite(caller));
  // What the header names must exist: a label's meaning, a force name's force.
  std::vector<FieldViolation> violations =
      CheckOutcomeLabels(options.mapping.outcome_labels, catalog_, "header.");
  for (const auto& [name, force_id] : options.mapping.force_names) {
    if (catalog_.FindForce(absl::StripAsciiWhitespace(force_id)) == nullptr) {
      violations.push_back({absl::StrCat("header.force_names[\"", name, "\"]"),
                            absl::StrCat(QuoteForMessage(force_id), " is not a force id")});
    }
  }
  if (!violations.empty()) {
    return InvalidArgumentWithViolations("the import header breaks a rule", violations);
  }
  FOI_RETURN_IF_ERROR(TakeSlot(options));
  const absl::Cleanup give_slot_back = [this] { GiveSlotBack(); };
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  try {
    pqxx::work txn(*connection);
    Run run(*this, caller, options, txn);
    FOI_ASSIGN_OR_RETURN(std::optional<std::string> replayed, run.ClaimRequest());
    if (replayed) return ImportResult{.replayed_answer = std::move(replayed)};
    FOI_RETURN_IF_ERROR(run.ReadRows(next_chunk));
    FOI_RETURN_IF_ERROR(run.AssembleAndCheck());
    FOI_RETURN_IF_ERROR(run.CheckOverlaps());
    FOI_ASSIGN_OR_RETURN(ImportResult result, run.Store());
    if (options.still_wanted && !options.still_wanted()) return ClientGone();
    if (!options.validate_only) txn.commit();
    return result;
  } catch (const std::exception& error) {
    if (db::IsExclusionViolation(error)) return OverlapStoredMeanwhile();
    return db::StatusFromException(error);
  }
}

}  // namespace foi::ingest
