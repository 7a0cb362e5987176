#include "ingest-service/src/import_mapping.h"

#include "absl/strings/str_cat.h"
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
