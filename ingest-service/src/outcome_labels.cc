#include "ingest-service/src/outcome_labels.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/text_rules.h"
#include "ingest-service/src/import_row.h"

namespace foi::ingest {
namespace {

constexpr std::pair<const char*, OutcomeKind> kSpecialMeanings[] = {
    {"not-yet-assigned", OutcomeKind::kNotYetAssigned},
    {"unaccounted", OutcomeKind::kUnaccounted},
    {"unknown", OutcomeKind::kUnknown},
    {"not-a-report", OutcomeKind::kNotAReport}};

// Codes joined with '+' ("2+3", any case) or a group id.
std::optional<std::vector<std::string>> OutcomeTypesOf(absl::string_view text,
                                                       const Catalog& catalog) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (trimmed.empty()) return std::nullopt;
  std::vector<std::string> codes;
  bool all_codes = true;
  for (absl::string_view part : absl::StrSplit(trimmed, '+')) {
    std::string code = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(part));
    if (catalog.FindOutcomeType(code) == nullptr) {
      all_codes = false;
      break;
    }
    codes.push_back(std::move(code));
  }
  if (all_codes) return codes;
  if (auto group = catalog.OutcomeTypesOfGroup(trimmed)) {
    return std::vector<std::string>(group->begin(), group->end());
  }
  return std::nullopt;
}

// What an uploader's label means: a special meaning, codes or a group.
std::optional<ResolvedOutcome> MeaningOf(absl::string_view value, const Catalog& catalog) {
  const std::string normalised = NormaliseLabel(value);
  for (const auto& [word, kind] : kSpecialMeanings) {
    if (normalised == word) return ResolvedOutcome{kind, {}};
  }
  if (auto types = OutcomeTypesOf(value, catalog))
    return ResolvedOutcome{OutcomeKind::kLine, *types};
  return std::nullopt;
}

constexpr size_t kMaxSuggestedLength = 64;

size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      current[j] = std::min(
          {previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::optional<ResolvedOutcome> ResolveOutcome(absl::string_view label, const OutcomeLabels& labels,
                                              const Catalog& catalog) {
  const std::string normalised = NormaliseLabel(label);
  if (auto mapped = labels.find(normalised); mapped != labels.end()) {
    return MeaningOf(mapped->second, catalog);
  }
  if (auto types = OutcomeTypesOf(label, catalog))
    return ResolvedOutcome{OutcomeKind::kLine, *types};
  if (auto synonym = catalog.outcome_synonyms().find(normalised);
      synonym != catalog.outcome_synonyms().end()) {
    return ResolvedOutcome{OutcomeKind::kLine, synonym->second};
  }
  return std::nullopt;
}

std::vector<FieldViolation> CheckOutcomeLabels(const std::map<std::string, std::string>& labels,
                                               const Catalog& catalog, absl::string_view prefix) {
  std::vector<FieldViolation> violations;
  std::map<std::string, std::string> seen;  // normalised -> as written
  for (const auto& [label, meaning] : labels) {
    const std::string path = absl::StrCat(prefix, "outcome_labels[\"", label, "\"]");
    std::string problem = TextProblem(label, kLabelText);
    if (problem.empty()) problem = TextProblem(meaning, kLabelText);
    if (!problem.empty()) {
      violations.push_back({path, std::move(problem)});
      continue;
    }
    if (auto [earlier, inserted] = seen.emplace(NormaliseLabel(label), label); !inserted) {
      violations.push_back(
          {path, absl::StrCat("the same label as ", QuoteForMessage(earlier->second),
                              " (labels are matched ignoring case and spaces)")});
    }
    if (!MeaningOf(meaning, catalog)) {
      violations.push_back(
          {path, absl::StrCat(QuoteForMessage(meaning),
                              " is neither outcome types (such as 2+3), an outcome group id, nor "
                              "one of not-yet-assigned, unaccounted, unknown and not-a-report")});
    }
  }
  return violations;
}

std::string ClosestName(const std::vector<std::string>& written,
                        const std::vector<NameCandidate>& candidates) {
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const std::string& target : written) {
    // Names are short; a long one is no slip of a name, and comparing it costs too much.
    if (target.empty() || target.size() > kMaxSuggestedLength) continue;
    // A slip is a few characters: at most a quarter of the word, and never more than 3.
    const size_t allowed = std::min<size_t>(3, std::max<size_t>(1, target.size() / 4));
    for (const NameCandidate& candidate : candidates) {
      const size_t longer = std::max(target.size(), candidate.spelling.size());
      const size_t shorter = std::min(target.size(), candidate.spelling.size());
      if (longer - shorter > allowed) continue;  // too far apart whatever the letters
      const size_t distance = EditDistance(target, candidate.spelling);
      if (distance <= allowed && distance < best_distance) {
        best_distance = distance;
        best = candidate.shown;
      }
    }
  }
  return best;
}

}  // namespace foi::ingest
