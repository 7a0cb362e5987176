#include "ingest-service/src/csv_import.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "absl/cleanup/cleanup.h"
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
#include "ingest-service/src/csv_reader.h"
#include "ingest-service/src/import_row.h"
#include "ingest-service/src/return_service.h"
#include "ingest-service/src/return_validator.h"
#include "ingest-service/src/text_decoder.h"
#include "return_queries.h"  // generated: one constant per queries/*.sql

namespace foi::ingest {
namespace {

constexpr int kCursorBatch = 5000;

absl::Status ClientGone() {
  return WithReason(absl::CancelledError("the client went away before the import was stored; "
                                         "nothing was stored"),
                    "UPLOAD_INCOMPLETE");
}

// Errors kept in memory, at most; later ones are only counted, so a file that is wrong on
// every one of its million rows still imports (fails) in bounded memory.
constexpr size_t kMaxKeptErrors = 10000;

absl::Status ImportErrors(std::vector<CsvError> errors, int64_t uncounted = 0) {
  std::sort(errors.begin(), errors.end(), [](const CsvError& a, const CsvError& b) {
    return std::tie(a.row, a.column) < std::tie(b.row, b.column);
  });
  std::vector<FieldViolation> violations;
  for (const CsvError& error : errors) {
    violations.push_back(
        {absl::StrCat("rows[", error.row, "].columns[", error.column, "]"), error.message});
  }
  const int64_t total = static_cast<int64_t>(errors.size()) + uncounted;
  return WithReason(
      InvalidArgumentWithViolations(
          absl::StrCat("the file has ", total, " error(s), so nothing was imported"), violations),
      "FILE_INVALID", {{"violations", absl::StrCat(total)}});
}

// One return being assembled from its rows: its first row, and the row each line came from.
struct Group {
  FoiReturn foi_return;
  int64_t first_row = 0;
  std::vector<int64_t> line_rows;
  // The return's own fields as its first row wrote them (total_reports, not_yet_assigned,
  // unaccounted_reports, unknown_outcome_reports, exemptions), for the later rows to match.
  std::array<std::string, 5> own_fields;
};

// Maps a violation of the assembled return back to the row and column it came from.
CsvError LocateViolation(const FieldViolation& violation, const Group& group,
                         const ImportLayout& layout) {
  static const std::map<std::string, ImportColumn, std::less<>> kReturnFields = {
      {"force_id", ImportColumn::kForce},
      {"offence_id", ImportColumn::kOffence},
      {"period_start", ImportColumn::kPeriodStart},
      {"period_end", ImportColumn::kPeriodEnd},
      {"foi_reference", ImportColumn::kFoiReference},
      {"total_reports", ImportColumn::kTotalReports},
      {"not_yet_assigned", ImportColumn::kNotYetAssigned},
      {"unaccounted_reports", ImportColumn::kUnaccountedReports},
      {"unknown_outcome_reports", ImportColumn::kUnknownOutcomeReports}};
  absl::string_view path = violation.field;
  int64_t row = group.first_row;
  ImportColumn column = ImportColumn::kTotalReports;
  size_t line = 0;
  if (absl::ConsumePrefix(&path, "lines[")) {
    const size_t close = path.find(']');
    if (close != absl::string_view::npos && absl::SimpleAtoi(path.substr(0, close), &line) &&
        line < group.line_rows.size()) {
      row = group.line_rows[line];
    }
    column = absl::StrContains(path, ".count") ? ImportColumn::kCount : ImportColumn::kOutcome;
  } else if (absl::StartsWith(path, "exemptions")) {
    column = ImportColumn::kExemptions;
  } else if (auto known = kReturnFields.find(path); known != kReturnFields.end()) {
    column = known->second;
  }
  return {row, layout.ColumnNumber(column),
          absl::StrCat(ImportColumnName(column), ": ", violation.description)};
}

}  // namespace

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
  FOI_RETURN_IF_ERROR(TakeSlot(options));
  const absl::Cleanup give_slot_back = [this] { GiveSlotBack(); };
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  ImportResult result;
  std::vector<CsvError> errors;
  // The first warnings by row, at most kMaxListedWarnings, as a heap whose top is the latest
  // kept (memory stays bounded however many there are); the rest are only counted.
  std::vector<ImportWarning> warnings;
  int64_t unlisted_warnings = 0;
  const auto later = [](const ImportWarning& a, const ImportWarning& b) {
    return std::tie(a.row, a.column) < std::tie(b.row, b.column);
  };
  int64_t uncounted_errors = 0;  // beyond kMaxKeptErrors
  auto bound_errors = [&] {
    if (errors.size() > kMaxKeptErrors) {
      uncounted_errors += static_cast<int64_t>(errors.size() - kMaxKeptErrors);
      errors.resize(kMaxKeptErrors);
    }
  };
  const TextEncoding encoding =
      ParseTextEncoding(options.mapping.encoding).value_or(TextEncoding::kUtf8);
  FOI_ASSIGN_OR_RETURN(std::unique_ptr<TextDecoder> decoder, TextDecoder::Create(encoding));
  try {
    pqxx::work txn(*connection);
    txn.exec(std::string(kCreateImportRows));

    // 1. Parse as the bytes arrive; rows go straight into the temporary table.
    {
      pqxx::stream_to rows(txn, "import_rows");
      std::optional<ImportLayout> layout;
      absl::Status denied;
      CsvReader reader(
          [&](const CsvRecord& record) {
            if (!layout) {
              layout = ImportLayout::FromHeader(record, options.mapping, errors);
              return;
            }
            ++result.rows;
            if (!layout->ok() || result.rows > kMaxImportRows) return;
            std::optional<ImportRow> row = ParseImportRow(record, *layout, catalog_, errors);
            bound_errors();
            if (!row) return;
            if (absl::Status allowed = AuthorizeWrite(caller, row->force_id);
                !allowed.ok() && denied.ok()) {
              denied = WithReason(absl::PermissionDeniedError(
                                      absl::StrCat("row ", row->row, ": ", allowed.message())),
                                  "FORCE_NOT_ALLOWED", {{"row", absl::StrCat(row->row)}});
            }
            const std::string count = row->count ? std::to_string(*row->count) : "";
            rows << std::make_tuple(
                row->row, row->force_id, row->offence_id, row->period_start, row->period_end,
                row->foi_reference, row->total_reports, row->not_yet_assigned,
                db::TextArrayLiteral({row->outcome_types.begin(), row->outcome_types.end()}),
                row->count ? count.c_str() : nullptr, row->label, row->unaccounted_reports,
                row->unknown_outcome_reports, absl::StrJoin(row->exemptions, " "));
          },
          encoding);
      std::string chunk;
      std::string text;
      while (true) {
        FOI_ASSIGN_OR_RETURN(const bool more, next_chunk(chunk));
        if (!more) break;
        text.clear();
        decoder->Decode(chunk, text);
        reader.Feed(text);
      }
      text.clear();
      decoder->Finish(text);
      reader.Feed(text);
      reader.Finish();
      rows.complete();
      errors.insert(errors.end(), reader.errors().begin(), reader.errors().end());
      uncounted_errors += reader.error_count() - static_cast<int64_t>(reader.errors().size());
      bound_errors();
      if (!denied.ok()) return denied;
      if (result.rows > kMaxImportRows) {
        return WithReason(absl::InvalidArgumentError(
                              absl::StrCat("the file has ", result.rows, " rows; at most ",
                                           kMaxImportRows, " are imported at once: split it")),
                          "FILE_TOO_LARGE", {{"max_rows", absl::StrCat(kMaxImportRows)}});
      }
      if (!layout) return ImportErrors({{1, 1, "the file is empty"}});
      if (result.rows == 0) errors.push_back({1, 1, "the file has a header but no rows"});
      if (!errors.empty()) return ImportErrors(std::move(errors), uncounted_errors);

      // 2. Check each return as a whole, one at a time, in the order of its rows.
      txn.exec(std::string(kDeclareImportCursor));
      const absl::CivilDay today = today_();
      std::optional<Group> group;
      auto finish_group = [&] {
        if (!group) return;
        const std::vector<FieldViolation> violations =
            ValidateReturn(group->foi_return, catalog_, today);
        for (const FieldViolation& violation : violations) {
          errors.push_back(LocateViolation(violation, *group, *layout));
        }
        bound_errors();
        if (violations.empty()) {
          for (const Warning& warning : WarningsFor(group->foi_return, catalog_)) {
            const CsvError located =
                LocateViolation({warning.field, warning.description}, *group, *layout);
            warnings.push_back({located.row, located.column, located.message});
            std::push_heap(warnings.begin(), warnings.end(), later);
            if (warnings.size() > kMaxListedWarnings) {
              std::pop_heap(warnings.begin(), warnings.end(), later);
              warnings.pop_back();
              ++unlisted_warnings;
            }
          }
        }
        group.reset();
      };
      while (true) {
        if (options.still_wanted && !options.still_wanted()) return ClientGone();
        const pqxx::result batch =
            txn.exec(absl::StrCat("FETCH ", kCursorBatch, " FROM import_cursor"));
        if (batch.empty()) break;
        // Columns by name, looked up once per batch (by name per row would cost more than the
        // rest of the loop).
        const auto column = [&batch](const char* name) { return batch.column_number(name); };
        const auto row_no_at = column("row_no"), force_at = column("force_id"),
                   offence_at = column("offence_id"), start_at = column("period_start"),
                   end_at = column("period_end"), reference_at = column("foi_reference"),
                   outcome_types_at = column("outcome_types"), count_at = column("count"),
                   label_at = column("label");
        // The return's own fields, which every row of it restates.
        const std::array<std::pair<ImportColumn, pqxx::row::size_type>, 5> own_fields = {
            std::pair{ImportColumn::kTotalReports, column("total_reports")},
            std::pair{ImportColumn::kNotYetAssigned, column("not_yet_assigned")},
            std::pair{ImportColumn::kUnaccountedReports, column("unaccounted_reports")},
            std::pair{ImportColumn::kUnknownOutcomeReports, column("unknown_outcome_reports")},
            std::pair{ImportColumn::kExemptions, column("exemptions")}};
        for (const auto& db_row : batch) {
          const int64_t row_no = db_row[row_no_at].as<int64_t>();
          const auto text = [&db_row](pqxx::row::size_type at) {
            return absl::string_view(db_row[at].c_str());
          };
          const FoiReturn* current = group ? &group->foi_return : nullptr;
          if (current == nullptr || text(force_at) != current->force_id ||
              text(offence_at) != current->offence_id || text(start_at) != current->period_start ||
              text(end_at) != current->period_end || text(reference_at) != current->foi_reference) {
            finish_group();
            group.emplace();
            group->first_row = row_no;
            FoiReturn& r = group->foi_return;
            r.force_id = std::string(text(force_at));
            r.offence_id = std::string(text(offence_at));
            r.period_start = std::string(text(start_at));
            r.period_end = std::string(text(end_at));
            r.foi_reference = std::string(text(reference_at));
            r.total_reports = db_row[own_fields[0].second].as<int64_t>();
            r.not_yet_assigned = db_row[own_fields[1].second].as<int64_t>();
            r.unaccounted_reports = db_row[own_fields[2].second].as<int64_t>();
            r.unknown_outcome_reports = db_row[own_fields[3].second].as<int64_t>();
            r.exemptions = absl::StrSplit(text(own_fields[4].second), ' ', absl::SkipEmpty());
            for (size_t k = 0; k < own_fields.size(); ++k) {
              group->own_fields[k] = std::string(text(own_fields[k].second));
            }
          }
          // Every row of a return restates the return's own fields: they must agree.
          for (size_t k = 0; k < own_fields.size(); ++k) {
            const auto [own_column, at] = own_fields[k];
            if (text(at) == group->own_fields[k]) continue;
            errors.push_back(
                {row_no, layout->ColumnNumber(own_column),
                 absl::StrCat(ImportColumnName(own_column), ": ", QuoteForMessage(text(at)),
                              " differs from ", QuoteForMessage(group->own_fields[k]), " on row ",
                              group->first_row, ", another row of the same return")});
          }
          const absl::string_view outcome_types = text(outcome_types_at);
          if (outcome_types.empty()) continue;  // a row of the return's own fields only
          ReturnLine line;
          line.outcome_types = absl::StrSplit(outcome_types, ' ');
          if (!db_row[count_at].is_null()) line.count = db_row[count_at].as<int64_t>();
          line.suppressed = !line.count.has_value();
          line.label = std::string(text(label_at));
          group->foi_return.lines.push_back(std::move(line));
          group->line_rows.push_back(row_no);
        }
      }
      finish_group();
      txn.exec("CLOSE import_cursor");
      std::sort_heap(warnings.begin(), warnings.end(), later);
      if (unlisted_warnings > 0) {
        warnings.push_back({0, 0, absl::StrCat(unlisted_warnings, " more warning(s) not listed")});
      }
      result.warnings = std::move(warnings);

      // 3. No return may overlap an active one, nor another in the file.
      txn.exec(std::string(kCreateImportGroups));
      for (const auto& overlap : txn.exec(std::string(kSelectImportOverlaps))) {
        errors.push_back(
            {overlap[0].as<int64_t>(), layout->ColumnNumber(ImportColumn::kPeriodStart),
             absl::StrCat("period_start: the period overlaps ", overlap[1].as<std::string>())});
      }
      bound_errors();
      if (!errors.empty()) return ImportErrors(std::move(errors), uncounted_errors);
    }

    // 4. Store, unless only checking.
    if (!options.validate_only) {
      // A return's source is who supplied it (the key's holder), as for SubmitReturn; the
      // file it came in is the import's audit record.
      txn.exec_params(std::string(kInsertImportedReturns), caller.key_id, caller.name);
      txn.exec(std::string(kInsertImportedLines));
      txn.exec_params(std::string(kInsertImportAudit), caller.key_id, options.source);
    }
    for (const auto& row : txn.exec_params(std::string(kSelectImportGroups), kMaxListedReturns)) {
      FoiReturn listed;
      if (!options.validate_only) {
        listed.return_id = row[0].as<std::string>();
        listed.version = 1;
        listed.status = ReturnStatus::kActive;
        listed.created_by = caller.key_id;
        listed.source = caller.name;
      }
      listed.force_id = row[1].as<std::string>();
      listed.offence_id = row[2].as<std::string>();
      listed.period_start = row[3].as<std::string>();
      listed.period_end = row[4].as<std::string>();
      listed.foi_reference = row[5].as<std::string>();
      listed.total_reports = row[6].as<int64_t>();
      listed.not_yet_assigned = row[7].as<int64_t>();
      result.returns_imported = row[8].as<int64_t>();
      listed.unaccounted_reports = row["unaccounted_reports"].as<int64_t>();
      listed.unknown_outcome_reports = row["unknown_outcome_reports"].as<int64_t>();
      listed.exemptions =
          absl::StrSplit(row["exemptions"].as<std::string>(), ' ', absl::SkipEmpty());
      result.returns.push_back(std::move(listed));
    }
    if (options.still_wanted && !options.still_wanted()) return ClientGone();
    if (!options.validate_only) txn.commit();
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
  return result;
}

}  // namespace foi::ingest
