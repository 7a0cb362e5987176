#include "ingest-service/src/import_mapping.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/iso_date.h"
#include "common/text_rules.h"
#include "ingest-service/src/import_row.h"

namespace foi::ingest {
namespace {

std::string KeyPath(absl::string_view prefix, absl::string_view map, absl::string_view key) {
  return absl::StrCat(prefix, map, "[\"", key, "\"]");
}

void CheckText(absl::string_view text, TextRule rule, std::string path,
               std::vector<FieldViolation>& violations) {
  if (std::string problem = TextProblem(text, rule); !problem.empty()) {
    violations.push_back({std::move(path), std::move(problem)});
  }
}

// A default is read as a cell of every row: a date or a number that does not read would be
// an error on every row, so it is one error here, before the file is read.
void CheckDefaultValue(ImportColumn column, absl::string_view value, std::string path,
                       std::vector<FieldViolation>& violations) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(value);
  switch (column) {
    case ImportColumn::kPeriodStart:
    case ImportColumn::kPeriodEnd:
    case ImportColumn::kReceivedOn:
      if (!trimmed.empty() && !ParseIsoDate(trimmed)) {
        violations.push_back(
            {std::move(path),
             absl::StrCat(QuoteForMessage(value), " is not a date in the form YYYY-MM-DD")});
      }
      return;
    case ImportColumn::kTotalReports:
    case ImportColumn::kNotYetAssigned:
    case ImportColumn::kUnaccountedReports:
    case ImportColumn::kUnknownOutcomeReports: {
      int64_t number = 0;
      if (!trimmed.empty() && (!absl::SimpleAtoi(trimmed, &number) || number < 0)) {
        violations.push_back({std::move(path), absl::StrCat(QuoteForMessage(value),
                                                            " is not a whole number, 0 or more")});
      }
      return;
    }
    default:
      return;
  }
}

}  // namespace

std::vector<FieldViolation> CheckImportMapping(const ImportMapping& mapping,
                                               absl::string_view prefix) {
  std::vector<FieldViolation> violations;
  for (const auto& [map, entries] :
       {std::pair<absl::string_view, const std::map<std::string, std::string>*>{"columns",
                                                                                &mapping.columns},
        std::pair<absl::string_view, const std::map<std::string, std::string>*>{
            "defaults", &mapping.defaults}}) {
    for (const auto& [name, value] : *entries) {
      const std::string path = KeyPath(prefix, map, name);
      const std::optional<ImportColumn> column = ImportColumnOfName(name);
      if (!column) {
        CheckText(name, kLabelText, path, violations);
        violations.push_back({path, absl::StrCat("no column is called ", QuoteForMessage(name),
                                                 "; the columns are ", ImportColumnNames())});
        continue;
      }
      const bool reference = map == "defaults" && *column == ImportColumn::kFoiReference;
      CheckText(value, reference ? kReferenceText : kLabelText, path, violations);
      if (map == "defaults") CheckDefaultValue(*column, value, path, violations);
    }
  }
  for (const auto& [name, force_id] : mapping.force_names) {
    const std::string path = KeyPath(prefix, "force_names", name);
    CheckText(name, kLabelText, path, violations);
    CheckText(force_id, kLabelText, path, violations);
  }
  // outcome_labels' keys and values are checked with the catalog (CheckOutcomeLabels).
  return violations;
}

}  // namespace foi::ingest
