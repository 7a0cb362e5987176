#include "ingest-service/src/return_service.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/await_callback.h"
#include "common/error_info.h"
#include "common/field_violations.h"
#include "common/iso_date.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/text_rules.h"
#include "common/uuid.h"
#include "ingest-service/src/return_validator.h"

namespace foi::ingest {
namespace {

// Everything a caller sends for a return, in a fixed order with unambiguous separators, so
// two requests hash alike exactly when they ask for the same thing.
std::string CanonicalForm(const FoiReturn& r) {
  std::string form =
      absl::StrJoin({r.force_id, r.offence_id, r.period_start, r.period_end,
                     std::to_string(r.total_reports), std::to_string(r.not_yet_assigned),
                     r.foi_reference, r.received_on, std::to_string(r.suppression_threshold)},
                    "\x1f");
  // Fields added later join the form only when given, so a request claimed before they
  // existed still hashes as it did.
  if (r.unaccounted_reports != 0 || r.unknown_outcome_reports != 0 || !r.exemptions.empty()) {
    absl::StrAppend(&form, "\x1d", r.unaccounted_reports, "\x1f", r.unknown_outcome_reports, "\x1f",
                    absl::StrJoin(r.exemptions, " "));
  }
  for (const ReturnLine& line : r.lines) {
    absl::StrAppend(&form, "\x1e", absl::StrJoin(line.outcome_types, "+"), "\x1f",
                    line.count ? std::to_string(*line.count) : "-", "\x1f",
                    line.suppressed ? "s" : "", "\x1f", line.label);
  }
  return form;
}

RequestClaim ClaimFor(const WriteOptions& options, absl::string_view action,
                      absl::string_view subject) {
  if (options.request_id.empty()) return {};
  // One UUID, one claim, however its hex digits are cased: the store compares ids as text.
  return {absl::AsciiStrToLower(options.request_id), Sha256(absl::StrCat(action, "\x1d", subject))};
}

void CheckText(const char* field, absl::string_view text, TextRule rule,
               std::vector<FieldViolation>& violations) {
  if (std::string problem = TextProblem(text, rule); !problem.empty()) {
    violations.push_back({field, std::move(problem)});
  }
}

void CheckWriteOptions(const WriteOptions& options, std::vector<FieldViolation>& violations) {
  if (!options.request_id.empty() && !IsUuid(options.request_id)) {
    violations.push_back(
        {"request_id", absl::StrCat(QuoteForMessage(options.request_id), " is not a UUID")});
  }
  if (options.expected_version < 0) {
    violations.push_back({"expected_version", "must be 0 (no check) or a version number"});
  }
}

void CheckReturnId(const std::string& return_id, std::vector<FieldViolation>& violations) {
  if (!IsUuid(return_id)) {
    violations.push_back(
        {"return_id", absl::StrCat(QuoteForMessage(return_id), " is not a return id (a UUID)")});
  }
}

void CheckReason(const std::string& reason, std::vector<FieldViolation>& violations) {
  if (reason.empty()) violations.push_back({"reason", "is required"});
  CheckText("reason", reason, kReasonText, violations);
}

// What a trial run answers: the return as it would be stored, without what only storing
// assigns, so that nobody takes it for a stored return.
FoiReturn Unstored(FoiReturn would_be, bool keep_return_id) {
  if (!keep_return_id) would_be.return_id.clear();
  would_be.version = 0;
  would_be.status = ReturnStatus::kUnspecified;
  would_be.created_at = absl::Time();  // the unset time: no created_at on the wire
  would_be.created_by.clear();
  would_be.source.clear();
  return would_be;
}

absl::Status Invalid(const std::vector<FieldViolation>& violations) {
  return InvalidArgumentWithViolations(
      absl::StrCat("the request breaks ", violations.size(), " rule(s)"), violations);
}

Writer WriterOf(const auth::Principal& caller) { return {caller.key_id, caller.name}; }

// The filter as part of a page token, so a token is only honoured for the filter it came from.
std::string FilterFingerprint(const ListFilter& f) {
  return absl::BytesToHexString(
      Sha256(
          absl::StrJoin({f.force_id, f.offence_id, f.status, f.period_start, f.period_end}, "\x1f"))
          .substr(0, 8));
}

}  // namespace

absl::Status AuthorizeWrite(const auth::Principal& caller, absl::string_view force_id) {
  switch (caller.role) {
    case auth::Role::kAdmin:
    case auth::Role::kFoiTeam:
      return absl::OkStatus();
    case auth::Role::kForce:
      if (caller.force_id == force_id) return absl::OkStatus();
      return WithReason(absl::PermissionDeniedError(
                            absl::StrCat("key ", caller.key_id, " writes for ", caller.force_id,
                                         " only, not ", QuoteForMessage(force_id))),
                        "FORCE_NOT_ALLOWED", {{"allowed_force_id", caller.force_id}});
    case auth::Role::kReader:
      break;
  }
  return AuthorizeSomeWrite(caller);
}

absl::Status AuthorizeSomeWrite(const auth::Principal& caller) {
  if (caller.role != auth::Role::kReader) return absl::OkStatus();
  return WithReason(
      absl::PermissionDeniedError(absl::StrCat("key ", caller.key_id, " may only read")),
      "KEY_READ_ONLY");
}

ReturnService::ReturnService(const Catalog& catalog, ReturnStore& store,
                             std::function<absl::CivilDay()> today)
    : catalog_(catalog), store_(store), today_(std::move(today)) {}

std::vector<FieldViolation> ReturnService::Validate(const FoiReturn& foi_return) const {
  return ValidateReturn(foi_return, catalog_, today_());
}

std::vector<Warning> ReturnService::WarningsFor(const FoiReturn& foi_return) const {
  return ingest::WarningsFor(foi_return, catalog_);
}

absl::StatusOr<FoiReturn> ReturnService::Submit(const auth::Principal& caller,
                                                const FoiReturn& foi_return,
                                                const WriteOptions& options) {
  return AwaitCallback<absl::StatusOr<FoiReturn>>(
      [&](std::function<void(absl::StatusOr<FoiReturn>)> done) {
        Submit(caller, foi_return, options, std::move(done));
      });
}

void ReturnService::Submit(const auth::Principal& caller, FoiReturn foi_return,
                           const WriteOptions& options,
                           std::function<void(absl::StatusOr<FoiReturn>)> done) {
  std::vector<FieldViolation> violations = Validate(foi_return);
  CheckWriteOptions(options, violations);
  if (!violations.empty()) return done(Invalid(violations));
  if (absl::Status allowed = AuthorizeWrite(caller, foi_return.force_id); !allowed.ok()) {
    return done(allowed);
  }
  RequestClaim claim = ClaimFor(options, "submit", CanonicalForm(foi_return));
  if (options.validate_only) {  // answered as the return would be stored, but unstored
    done = [done = std::move(done)](absl::StatusOr<FoiReturn> stored) {
      if (!stored.ok()) return done(std::move(stored));
      done(Unstored(*std::move(stored), /*keep_return_id=*/false));
    };
  }
  store_.Insert(std::move(foi_return), WriterOf(caller), std::move(claim), options.validate_only,
                std::move(done));
}

absl::StatusOr<FoiReturn> ReturnService::Amend(const auth::Principal& caller,
                                               const std::string& return_id,
                                               const FoiReturn& amended, const std::string& reason,
                                               const WriteOptions& options) {
  std::vector<FieldViolation> violations;
  CheckReturnId(return_id, violations);
  if (!violations.empty()) return Invalid(violations);
  FOI_ASSIGN_OR_RETURN(FoiReturn current, store_.Get(return_id, 0));
  FOI_RETURN_IF_ERROR(AuthorizeWrite(caller, current.force_id));
  violations = Validate(amended);
  CheckReason(reason, violations);
  CheckWriteOptions(options, violations);
  if (!violations.empty()) return Invalid(violations);
  FOI_RETURN_IF_ERROR(AuthorizeWrite(caller, amended.force_id));
  FOI_ASSIGN_OR_RETURN(
      FoiReturn stored,
      store_.Amend(
          return_id, amended, reason, WriterOf(caller),
          ClaimFor(options, "amend",
                   absl::StrCat(return_id, "\x1d", reason, "\x1d", CanonicalForm(amended))),
          {.validate_only = options.validate_only, .expected_version = options.expected_version}));
  if (options.validate_only) return Unstored(std::move(stored), /*keep_return_id=*/true);
  return stored;
}

absl::StatusOr<FoiReturn> ReturnService::Withdraw(const auth::Principal& caller,
                                                  const std::string& return_id,
                                                  const std::string& reason,
                                                  const WriteOptions& options) {
  std::vector<FieldViolation> violations;
  CheckReturnId(return_id, violations);
  CheckReason(reason, violations);
  CheckWriteOptions(options, violations);
  if (!violations.empty()) return Invalid(violations);
  FOI_ASSIGN_OR_RETURN(FoiReturn current, store_.Get(return_id, 0));
  FOI_RETURN_IF_ERROR(AuthorizeWrite(caller, current.force_id));
  // A trial withdrawal answers with the version as it stands: it is not withdrawn.
  return store_.Withdraw(
      return_id, reason, WriterOf(caller),
      ClaimFor(options, "withdraw", absl::StrCat(return_id, "\x1d", reason)),
      {.validate_only = options.validate_only, .expected_version = options.expected_version});
}

absl::StatusOr<FoiReturn> ReturnService::Get(absl::string_view return_id, int version) {
  std::vector<FieldViolation> violations;
  CheckReturnId(std::string(return_id), violations);
  if (version < 0) violations.push_back({"version", "must be 0 (latest) or a version number"});
  if (!violations.empty()) return Invalid(violations);
  return store_.Get(return_id, version);
}

absl::StatusOr<ReturnPage> ReturnService::List(const ListFilter& filter, int page_size,
                                               const std::string& page_token) {
  std::vector<FieldViolation> violations;
  if (page_size < 0) violations.push_back({"page_size", "must not be negative"});
  if (filter.status == "superseded") {
    // The list shows each return's latest version, which is never superseded.
    violations.push_back({"status",
                          "the latest version of a return is active or withdrawn; "
                          "read superseded versions with GetReturn and a version"});
  }
  CheckText("force_id", filter.force_id, kIdentifierText, violations);
  CheckText("offence_id", filter.offence_id, kIdentifierText, violations);
  CheckText("page_token", page_token, kPageTokenText, violations);
  for (const auto& [field, value] : {std::pair{"period_start", &filter.period_start},
                                     std::pair{"period_end", &filter.period_end}}) {
    if (!value->empty() && !ParseIsoDate(*value)) {
      violations.push_back(
          {field, absl::StrCat(QuoteForMessage(*value), " is not a date (YYYY-MM-DD)")});
    }
  }
  std::string after;
  if (!page_token.empty()) {
    std::string decoded;
    const std::string expected_prefix = FilterFingerprint(filter) + ":";
    if (!absl::WebSafeBase64Unescape(page_token, &decoded) ||
        !absl::StartsWith(decoded, expected_prefix) ||
        !IsUuid(absl::string_view(decoded).substr(expected_prefix.size()))) {
      violations.push_back(
          {"page_token", "is not a token from a previous page of this same listing"});
    } else {
      after = decoded.substr(expected_prefix.size());
    }
  }
  if (!violations.empty()) return Invalid(violations);
  const int limit = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);

  // One row more than asked tells whether another page follows.
  FOI_ASSIGN_OR_RETURN(std::vector<FoiReturn> rows, store_.ListLatest(filter, after, limit + 1));
  ReturnPage page;
  if (static_cast<int>(rows.size()) > limit) {
    rows.resize(limit);
    page.next_page_token = absl::WebSafeBase64Escape(
        absl::StrCat(FilterFingerprint(filter), ":", rows.back().return_id));
  }
  page.returns = std::move(rows);
  return page;
}

}  // namespace foi::ingest
