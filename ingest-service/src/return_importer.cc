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
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/db/pg_array.h"
#include "common/db/pq_errors.h"
#include "common/error_info.h"
#include "common/field_violations.h"
#include "common/status_macros.h"
#include "common/text_rules.h"
#include "common/uuid.h"
#include "ingest-service/src/import_assembler.h"
#include "ingest-service/src/import_row.h"
#include "ingest-service/src/outcome_labels.h"
#include "ingest-service/src/return_service.h"
#include "ingest-service/src/return_validator.h"
#include "ingest-service/src/unknown_names.h"
#include "return_queries.h"  // generated: one constant per queries/*.sql

namespace foi::ingest {
namespace {

constexpr int kCursorBatch = 5000;
// Errors kept in memory, at most; later ones are only counted, so a file that is wrong on
// every one of its million rows still imports (fails) in bounded memory.
constexpr size_t kMaxKeptErrors = 10000;

absl::Status ClientGone() {
  return WithReason(absl::CancelledError("the client went away before the import was stored; "
                                         "nothing was stored"),
                    "UPLOAD_INCOMPLETE");
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

// Checked returns waiting to be written to import_groups and import_lines, a batch at a time
// (a cursor is open meanwhile, so they cannot stream).
class StagedReturns {
 public:
  void Add(const AssembledReturn& assembled) {
    const FoiReturn& r = assembled.foi_return;
    const std::string return_id = NewUuid();
    return_id_.push_back(return_id);
    force_id_.push_back(r.force_id);
    offence_id_.push_back(r.offence_id);
    period_start_.push_back(r.period_start);
    period_end_.push_back(r.period_end);
    foi_reference_.push_back(r.foi_reference);
    total_reports_.push_back(r.total_reports);
    not_yet_assigned_.push_back(r.not_yet_assigned);
    unaccounted_.push_back(r.unaccounted_reports);
    unknown_.push_back(r.unknown_outcome_reports);
    exemptions_.push_back(absl::StrJoin(r.exemptions, " "));
    received_on_.push_back(r.received_on.empty() ? std::nullopt
                                                 : std::optional<std::string>(r.received_on));
    first_row_.push_back(assembled.first_row);
    for (size_t i = 0; i < r.lines.size(); ++i) {
      line_return_id_.push_back(return_id);
      line_no_.push_back(static_cast<int64_t>(i));
      line_types_.push_back(absl::StrJoin(r.lines[i].outcome_types, " "));
      line_count_.push_back(r.lines[i].count);
      line_label_.push_back(r.lines[i].label);
    }
  }

  void Write(pqxx::transaction_base& txn) {
    using db::IntArrayLiteral;
    using db::TextArrayLiteral;
    if (return_id_.empty()) return;
    txn.exec_params(std::string(kStageImportGroups), TextArrayLiteral(return_id_),
                    TextArrayLiteral(force_id_), TextArrayLiteral(offence_id_),
                    TextArrayLiteral(period_start_), TextArrayLiteral(period_end_),
                    TextArrayLiteral(foi_reference_), IntArrayLiteral(total_reports_),
                    IntArrayLiteral(not_yet_assigned_), IntArrayLiteral(unaccounted_),
                    IntArrayLiteral(unknown_), TextArrayLiteral(exemptions_),
                    TextArrayLiteral(received_on_), IntArrayLiteral(first_row_));
    if (!line_return_id_.empty()) {
      txn.exec_params(std::string(kStageImportLines), TextArrayLiteral(line_return_id_),
                      IntArrayLiteral(line_no_), TextArrayLiteral(line_types_),
                      IntArrayLiteral(line_count_), TextArrayLiteral(line_label_));
    }
    *this = StagedReturns();
  }

 private:
  std::vector<std::optional<std::string>> return_id_, force_id_, offence_id_, period_start_,
      period_end_, foi_reference_, exemptions_, received_on_;
  std::vector<std::optional<int64_t>> total_reports_, not_yet_assigned_, unaccounted_, unknown_,
      first_row_;
  std::vector<std::optional<std::string>> line_return_id_, line_types_, line_label_;
  std::vector<std::optional<int64_t>> line_no_, line_count_;
};

}  // namespace

// One import, a method per step, sharing what the steps find: the file's layout, its errors
// and warnings.
class ReturnImporter::Run {
 public:
  Run(const ReturnImporter& importer, const auth::Principal& caller, const ImportOptions& options,
      pqxx::work& txn)
      : importer_(importer), caller_(caller), options_(options), txn_(txn) {}

  // An earlier import's answer when the request id was claimed before, else nothing (the id is
  // now this import's).
  absl::StatusOr<std::optional<std::string>> ClaimRequest();
  // 1. The file's rows into import_rows, as they are read.
  absl::Status StageRows(const ChunkSource& next_chunk);
  // 2. The rows back, return by return: assembled, checked, written to import_groups.
  absl::Status AssembleAndCheck();
  // 3. No return may overlap an active one, nor another in the file.
  absl::Status CheckOverlaps();
  // 4. The returns stored, and the answer (recorded for retries under the request id).
  absl::StatusOr<ImportResult> Store();

 private:
  void AddError(CsvError error);
  void BoundErrors();
  void AddWarning(CsvError located);
  absl::Status Errors() const;
  bool ClientLeft() const { return options_.still_wanted && !options_.still_wanted(); }

  const ReturnImporter& importer_;
  const auth::Principal& caller_;
  const ImportOptions& options_;
  pqxx::work& txn_;
  FileRead file_;
  std::optional<ImportLayout> layout_;
  int64_t rows_ = 0;
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

absl::Status ReturnImporter::Run::StageRows(const ChunkSource& next_chunk) {
  const Catalog& catalog = importer_.catalog_;
  txn_.exec(std::string(kCreateImportRows));
  pqxx::stream_to staged(txn_, "import_rows");
  UnknownNames unknown;
  absl::Status denied;
  std::vector<CsvError> row_errors;
  // Writing a row can throw (a lost connection); the callback may run inside the XML parser,
  // whose C frames an exception must not cross: it is kept, the rest of the file skipped, and
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
    const std::string count = row->count ? std::to_string(*row->count) : "";
    staged << std::make_tuple(
        row->row, row->force_id, row->offence_id, row->period_start, row->period_end,
        row->foi_reference, row->total_reports, row->not_yet_assigned,
        db::TextArrayLiteral({row->outcome_types.begin(), row->outcome_types.end()}),
        row->count ? count.c_str() : nullptr, row->label, row->unaccounted_reports,
        row->unknown_outcome_reports, absl::StrJoin(row->exemptions, " "), row->received_on,
        OutcomeKindName(row->kind));
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
  staged.complete();
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
  txn_.exec(std::string(kCreateImportGroups));
  txn_.exec(std::string(kDeclareImportCursor));
  StagedReturns staged;
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
        staged.Add(assembled);
      },
      errors_);
  while (true) {
    if (ClientLeft()) return ClientGone();
    const pqxx::result batch =
        txn_.exec(absl::StrCat("FETCH ", kCursorBatch, " FROM import_cursor"));
    if (batch.empty()) break;
    // Columns by name, looked up once per batch (by name per row would cost more than the
    // rest of the loop).
    const auto column = [&batch](const char* name) { return batch.column_number(name); };
    const auto row_no_at = column("row_no"), force_at = column("force_id"),
               offence_at = column("offence_id"), start_at = column("period_start"),
               end_at = column("period_end"), reference_at = column("foi_reference"),
               kind_at = column("kind"), outcome_types_at = column("outcome_types"),
               count_at = column("count"), label_at = column("label");
    const std::array<pqxx::row::size_type, kOwnFieldColumns.size()> own_at = {
        column("total_reports"),       column("not_yet_assigned"),
        column("unaccounted_reports"), column("unknown_outcome_reports"),
        column("exemptions"),          column("received_on")};
    for (const auto& db_row : batch) {
      const auto text = [&db_row](pqxx::row::size_type at) {
        return absl::string_view(db_row[at].c_str());
      };
      StagedRow row{.row = db_row[row_no_at].as<int64_t>(),
                    .force_id = text(force_at),
                    .offence_id = text(offence_at),
                    .period_start = text(start_at),
                    .period_end = text(end_at),
                    .foi_reference = text(reference_at),
                    .kind = OutcomeKindOfName(text(kind_at)),
                    .outcome_types = text(outcome_types_at),
                    .label = text(label_at)};
      for (size_t k = 0; k < own_at.size(); ++k) row.own_fields[k] = text(own_at[k]);
      if (!db_row[count_at].is_null()) row.count = db_row[count_at].as<int64_t>();
      assembler.Add(row);
    }
    // The last return of the batch may go on in the next: hand on only those complete.
    staged.Write(txn_);
    BoundErrors();
  }
  assembler.Finish();
  staged.Write(txn_);
  txn_.exec("CLOSE import_cursor");
  BoundErrors();
  return errors_.empty() ? absl::OkStatus() : Errors();
}

absl::Status ReturnImporter::Run::CheckOverlaps() {
  for (const auto& overlap : txn_.exec(std::string(kSelectImportOverlaps))) {
    AddError({overlap[0].as<int64_t>(), layout_->ColumnNumber(ImportColumn::kPeriodStart),
              absl::StrCat("period_start: the period overlaps ", overlap[1].as<std::string>())});
  }
  return errors_.empty() ? absl::OkStatus() : Errors();
}

absl::StatusOr<ImportResult> ReturnImporter::Run::Store() {
  if (!options_.validate_only) {
    // A return's source is who supplied it (the key's holder), as for SubmitReturn; the file
    // it came in is the import's audit record.
    txn_.exec_params(std::string(kInsertImportedReturns), caller_.key_id, caller_.name);
    txn_.exec(std::string(kInsertImportedLines));
    txn_.exec_params(std::string(kInsertImportAudit), caller_.key_id, options_.source);
  }
  ImportResult result;
  result.rows = rows_;
  for (const auto& row : txn_.exec_params(std::string(kSelectImportGroups), kMaxListedReturns)) {
    FoiReturn listed;
    if (!options_.validate_only) {
      listed.return_id = row["return_id"].as<std::string>();
      listed.version = 1;
      listed.status = ReturnStatus::kActive;
      listed.created_by = caller_.key_id;
      listed.source = caller_.name;
    }
    listed.force_id = row["force_id"].as<std::string>();
    listed.offence_id = row["offence_id"].as<std::string>();
    listed.period_start = row["period_start"].as<std::string>();
    listed.period_end = row["period_end"].as<std::string>();
    listed.foi_reference = row["foi_reference"].as<std::string>();
    listed.received_on = row["received_on"].as<std::string>();
    listed.total_reports = row["total_reports"].as<int64_t>();
    listed.not_yet_assigned = row["not_yet_assigned"].as<int64_t>();
    listed.unaccounted_reports = row["unaccounted_reports"].as<int64_t>();
    listed.unknown_outcome_reports = row["unknown_outcome_reports"].as<int64_t>();
    listed.exemptions = absl::StrSplit(row["exemptions"].as<std::string>(), ' ', absl::SkipEmpty());
    result.returns_imported = row["returns"].as<int64_t>();
    result.returns.push_back(std::move(listed));
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
    FOI_RETURN_IF_ERROR(run.StageRows(next_chunk));
    FOI_RETURN_IF_ERROR(run.AssembleAndCheck());
    FOI_RETURN_IF_ERROR(run.CheckOverlaps());
    FOI_ASSIGN_OR_RETURN(ImportResult result, run.Store());
    if (options.still_wanted && !options.still_wanted()) return ClientGone();
    if (!options.validate_only) txn.commit();
    return result;
  } catch (const std::exception& error) {
    if (db::IsExclusionViolation(error)) {
      // Checked before the write, so a return stored meanwhile by someone else overlaps.
      return WithReason(absl::FailedPreconditionError(
                            "a return stored while the file was being checked overlaps one of "
                            "the file's; check the file again (validate_only) to see which"),
                        "OVERLAPS_ACTIVE_RETURN");
    }
    return db::StatusFromException(error);
  }
}

}  // namespace foi::ingest
