#include "ingest-service/src/unknown_names.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/text_rules.h"
#include "ingest-service/src/import_row.h"

namespace foi::ingest {
namespace {

std::string InRows(int64_t rows) { return absl::StrCat(rows, rows == 1 ? " row" : " rows"); }

std::vector<NameCandidate> OutcomeCandidates(const Catalog& catalog, const OutcomeLabels& labels) {
  std::vector<NameCandidate> candidates;
  for (const auto& [label, types] : catalog.outcome_synonyms())
    candidates.push_back({label, label});
  for (const auto& [label, meaning] : labels) candidates.push_back({label, label});
  for (const OutcomeGroup& group : catalog.outcome_groups()) {
    candidates.push_back({NormaliseLabel(group.group_id), group.group_id});
    candidates.push_back({NormaliseLabel(group.name), group.group_id});
  }
  return candidates;
}

std::vector<NameCandidate> ForceCandidates(const Catalog& catalog,
                                           const std::vector<std::string>& force_names) {
  std::vector<NameCandidate> candidates;
  for (const Force& force : catalog.forces()) {
    for (std::string& form : ForceNameForms(NormaliseLabel(force.name))) {
      candidates.push_back({std::move(form), force.name});
    }
    candidates.push_back(
        {NormaliseLabel(absl::StrReplaceAll(force.force_id, {{"-", " "}})), force.name});
  }
  for (const auto& [alias, force_id] : catalog.force_aliases()) {
    if (const Force* force = catalog.FindForce(force_id))
      candidates.push_back({alias, force->name});
  }
  for (const std::string& name : force_names) candidates.push_back({NormaliseLabel(name), name});
  return candidates;
}

std::vector<NameCandidate> OffenceCandidates(const Catalog& catalog) {
  std::vector<NameCandidate> candidates;
  for (const Offence& offence : catalog.offences()) {
    candidates.push_back({NormaliseLabel(offence.offence_id), offence.offence_id});
    candidates.push_back({NormaliseLabel(absl::StrReplaceAll(offence.offence_id, {{"-", " "}})),
                          offence.offence_id});
  }
  return candidates;
}

}  // namespace

void UnknownNames::Add(Kind kind, int64_t row, int column, absl::string_view written) {
  std::pair<Kind, std::string> key{kind, NormaliseLabel(written)};
  auto found = names_.find(key);
  if (found == names_.end()) {
    if (names_.size() >= kMaxKept) {
      if (unlisted_rows_++ == 0) first_unlisted_row_ = row;
      return;
    }
    found = names_.emplace(std::move(key), Seen{row, column, std::string(written), 0}).first;
  }
  ++found->second.rows;
}

void UnknownNames::AppendErrors(const Catalog& catalog, const OutcomeLabels& labels,
                                const std::vector<std::string>& force_names,
                                std::vector<CsvError>& errors) const {
  std::vector<NameCandidate> outcome_candidates, force_candidates, offence_candidates;
  // A "did you mean" for the first names only: each compares against every candidate, and the
  // header's maps make the candidates as many as a client likes.
  constexpr size_t kMaxSuggested = 100;
  size_t suggested = 0;
  for (const auto& [key, seen] : names_) {
    const bool suggest = suggested++ < kMaxSuggested;
    const auto& [kind, normalised] = key;
    std::string message;
    std::string suggestion;
    if (kind == Kind::kForce) {
      if (force_candidates.empty()) force_candidates = ForceCandidates(catalog, force_names);
      if (suggest) suggestion = ClosestName(ForceNameForms(normalised), force_candidates);
      message = absl::StrCat("force: unknown force ", QuoteForMessage(seen.written), " (in ",
                             InRows(seen.rows), ")");
    } else if (kind == Kind::kOffence) {
      if (offence_candidates.empty()) offence_candidates = OffenceCandidates(catalog);
      if (suggest) suggestion = ClosestName({normalised}, offence_candidates);
      message = absl::StrCat("offence: unknown offence ", QuoteForMessage(seen.written), " (in ",
                             InRows(seen.rows), "); give an offence id");
    } else if (normalised.empty()) {
      message = absl::StrCat("outcome: blank in ", InRows(seen.rows),
                             "; say what a blank outcome means with the outcome label \"\" "
                             "(for example as unknown)");
    } else {
      if (outcome_candidates.empty()) outcome_candidates = OutcomeCandidates(catalog, labels);
      if (suggest) suggestion = ClosestName({normalised}, outcome_candidates);
      message = absl::StrCat("outcome: ", QuoteForMessage(seen.written), " (in ", InRows(seen.rows),
                             ") is neither outcome types (such as 2+3+8), an outcome group id, "
                             "nor a known label");
    }
    if (!suggestion.empty())
      absl::StrAppend(&message, "; did you mean ", QuoteForMessage(suggestion), "?");
    if (kind == Kind::kForce) absl::StrAppend(&message, "; name it in force_names");
    if (kind == Kind::kOutcome && !normalised.empty()) {
      absl::StrAppend(&message, "; say what it means in outcome_labels");
    }
    if (kind == Kind::kOffence) {
      absl::StrAppend(&message, " (a file's column of offence names can be left unread by ",
                      "mapping offence to \"\" and giving the offence as a default)");
    }
    errors.push_back({seen.first_row, seen.column, std::move(message)});
  }
  if (unlisted_rows_ > 0) {
    errors.push_back({first_unlisted_row_, 0,
                      absl::StrCat(InRows(unlisted_rows_), " more with names not resolved, beyond ",
                                   kMaxKept, " distinct ones listed")});
  }
}

}  // namespace foi::ingest
