#include "ingest-service/src/import_row.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/iso_date.h"
#include "common/text_rules.h"
#include "ingest-service/src/outcome_labels.h"

namespace foi::ingest {
namespace {

constexpr std::array<absl::string_view, kImportColumnCount> kColumnNames = {
    "force",
    "offence",
    "period_start",
    "period_end",
    "foi_reference",
    "total_reports",
    "not_yet_assigned",
    "outcome",
    "count",
    "unaccounted_reports",
    "unknown_outcome_reports",
    "exemptions",
    "received_on"};

bool IsOptional(size_t column) {
  const auto c = static_cast<ImportColumn>(column);
  return c == ImportColumn::kUnaccountedReports || c == ImportColumn::kUnknownOutcomeReports ||
         c == ImportColumn::kExemptions || c == ImportColumn::kReceivedOn;
}

// Ways forces write a withheld figure.
bool IsWithheldMarker(absl::string_view text) {
  const std::string normalised = NormaliseLabel(text);
  return normalised.empty() || normalised == "*" || normalised == "<5" || normalised == "< 5" ||
         normalised == "1-4" || normalised == "withheld" || normalised == "suppressed" ||
         normalised == "redacted";
}

std::optional<int64_t> ParseCount(absl::string_view text) {
  int64_t value = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &value)) return std::nullopt;
  return value;
}

// A force by the file's own name for it (the mapping's force names), its id, a name in the
// force_aliases table, or the force's full name, each with or without "Police" and the like.
const Force* ResolveForce(absl::string_view text, const ImportLayout& layout,
                          const Catalog& catalog) {
  if (const std::string* force_id = layout.MappedForceId(text)) {
    return catalog.FindForce(absl::StripAsciiWhitespace(*force_id));
  }
  const std::string trimmed(absl::StripAsciiWhitespace(text));
  if (const Force* force = catalog.FindForce(trimmed)) return force;
  const std::vector<std::string> forms = ForceNameForms(NormaliseLabel(text));
  for (const std::string& name : forms) {
    if (const Force* force = catalog.FindForce(absl::StrReplaceAll(name, {{" ", "-"}}))) {
      return force;
    }
    if (auto alias = catalog.force_aliases().find(name); alias != catalog.force_aliases().end()) {
      return catalog.FindForce(alias->second);
    }
  }
  // Full names, written any of those ways ("Devon & Cornwall Police", "north yorkshire").
  return layout.ForceByFullName(forms, catalog);
}

}  // namespace

std::vector<std::string> ForceNameForms(const std::string& name) {
  std::vector<std::string> forms = {name};
  for (absl::string_view suffix : {" police service", " police", " constabulary"}) {
    if (absl::EndsWith(name, suffix) && name.size() > suffix.size()) {
      forms.push_back(name.substr(0, name.size() - suffix.size()));
      break;
    }
  }
  for (absl::string_view prefix : {"police service of ", "police "}) {
    if (absl::StartsWith(name, prefix) && name.size() > prefix.size()) {
      forms.push_back(name.substr(prefix.size()));
      break;
    }
  }
  return forms;
}

std::string ImportColumnNames() { return absl::StrJoin(kColumnNames, ", "); }

absl::string_view ImportColumnName(ImportColumn column) {
  return kColumnNames[static_cast<size_t>(column)];
}

std::string NormaliseLabel(absl::string_view text) {
  // En and em dashes as UTF-8, then '&'.
  std::string replaced =
      absl::StrReplaceAll(text, {{"\xE2\x80\x93", "-"}, {"\xE2\x80\x94", "-"}, {"&", " and "}});
  std::string normalised;
  for (absl::string_view word : absl::StrSplit(replaced, ' ', absl::SkipWhitespace())) {
    if (!normalised.empty()) normalised += ' ';
    normalised.append(absl::AsciiStrToLower(absl::StripAsciiWhitespace(word)));
  }
  return normalised;
}

std::optional<ImportColumn> ImportColumnOfName(absl::string_view name) {
  for (size_t c = 0; c < kImportColumnCount; ++c) {
    if (kColumnNames[c] == name) return static_cast<ImportColumn>(c);
  }
  return std::nullopt;
}

ImportLayout ImportLayout::FromHeader(const CsvRecord& header, const ImportMapping& mapping,
                                      std::vector<CsvError>& errors) {
  ImportLayout layout;
  layout.index_.fill(-1);
  const auto header_text = [](absl::string_view text) {
    return absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  };
  // The header text each column is looked for under, and whether the uploader mapped it.
  std::array<std::string, kImportColumnCount> wanted;
  std::array<bool, kImportColumnCount> mapped{};
  for (size_t c = 0; c < kImportColumnCount; ++c) wanted[c] = std::string(kColumnNames[c]);
  for (const auto& [name, text] : mapping.columns) {
    if (std::optional<ImportColumn> column = ImportColumnOfName(name)) {
      wanted[static_cast<size_t>(*column)] = header_text(text);
      mapped[static_cast<size_t>(*column)] = true;
    }
  }
  for (const auto& [name, value] : mapping.defaults) {
    if (std::optional<ImportColumn> column = ImportColumnOfName(name)) {
      layout.defaults_[static_cast<size_t>(*column)] = value;
    }
  }
  for (const auto& [name, force_id] : mapping.force_names) {
    layout.force_names_[NormaliseLabel(name)] = force_id;
  }
  for (const auto& [label, meaning] : mapping.outcome_labels) {
    layout.outcome_labels_[NormaliseLabel(label)] = meaning;
  }
  layout.row_layout_ = mapping.layout;
  // Without a map of columns a file of figures has the product's own header: every cell names
  // a column (a misspelt header is caught, not ignored). A case-level export carries columns
  // nobody needs.
  const bool own_header = mapping.columns.empty() && mapping.layout == RowLayout::kFigures;
  const size_t errors_before = errors.size();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string text = header_text(header.fields[i]);
    const int cell = static_cast<int>(i) + 1;
    std::vector<size_t> columns;
    for (size_t c = 0; c < kImportColumnCount; ++c) {
      if (wanted[c] == text && !text.empty()) columns.push_back(c);
    }
    if (columns.empty() && own_header) {
      errors.push_back({header.row, cell,
                        absl::StrCat("unknown column ", QuoteForMessage(header.fields[i]),
                                     "; the columns are ", ImportColumnNames())});
    }
    if (columns.size() > 1) {
      errors.push_back({header.row, cell,
                        absl::StrCat("column ", cell, " (", QuoteForMessage(header.fields[i]),
                                     ") is mapped to both ", kColumnNames[columns[0]], " and ",
                                     kColumnNames[columns[1]])});
    }
    for (size_t c : columns) {
      if (layout.index_[c] >= 0) {
        errors.push_back(
            {header.row, cell,
             absl::StrCat(mapped[c] ? absl::StrCat(kColumnNames[c], ": header ") : "column ",
                          QuoteForMessage(header.fields[i]), " appears twice, in columns ",
                          layout.index_[c] + 1, " and ", cell)});
        continue;
      }
      layout.index_[c] = static_cast<int>(i);
    }
  }
  for (size_t c = 0; c < kImportColumnCount; ++c) {
    if (layout.index_[c] >= 0 || IsOptional(c) || layout.defaults_[c] ||
        !layout.Reads(static_cast<ImportColumn>(c))) {
      continue;
    }
    errors.push_back({header.row, static_cast<int>(header.fields.size()) + 1,
                      mapped[c]
                          ? absl::StrCat(kColumnNames[c], ": the header has no column ",
                                         QuoteForMessage(wanted[c]))
                          : absl::StrCat("the header has no '", kColumnNames[c], "' column")});
  }
  layout.ok_ = errors.size() == errors_before;
  return layout;
}

const std::string& ImportLayout::Field(const CsvRecord& record, ImportColumn column) const {
  static const std::string kEmpty;
  const size_t c = static_cast<size_t>(column);
  const int index = index_[c];
  const std::string& cell =
      index >= 0 && index < static_cast<int>(record.fields.size()) ? record.fields[index] : kEmpty;
  if (defaults_[c] && absl::StripAsciiWhitespace(cell).empty()) return *defaults_[c];
  return cell;
}

const Force* ImportLayout::ForceByFullName(const std::vector<std::string>& forms,
                                           const Catalog& catalog) const {
  if (forces_by_full_name_.empty()) {
    for (const Force& force : catalog.forces()) {
      for (std::string& known : ForceNameForms(NormaliseLabel(force.name))) {
        forces_by_full_name_.emplace(std::move(known), &force);
      }
    }
  }
  for (const std::string& form : forms) {
    if (auto found = forces_by_full_name_.find(form); found != forces_by_full_name_.end()) {
      return found->second;
    }
  }
  return nullptr;
}

bool ImportLayout::Reads(ImportColumn column) const {
  if (row_layout_ == RowLayout::kFigures) return true;
  switch (column) {
    case ImportColumn::kForce:
    case ImportColumn::kOffence:
    case ImportColumn::kPeriodStart:
    case ImportColumn::kPeriodEnd:
    case ImportColumn::kFoiReference:
    case ImportColumn::kReceivedOn:
    case ImportColumn::kOutcome:
      return true;
    default:
      return false;
  }
}

std::vector<std::string> ImportLayout::MappedForceNames() const {
  std::vector<std::string> names;
  for (const auto& [name, force_id] : force_names_) names.push_back(name);
  return names;
}

const std::string* ImportLayout::MappedForceId(absl::string_view name) const {
  if (force_names_.empty()) return nullptr;
  auto found = force_names_.find(NormaliseLabel(name));
  return found == force_names_.end() ? nullptr : &found->second;
}

std::optional<ImportRow> ParseImportRow(const CsvRecord& record, const ImportLayout& layout,
                                        const Catalog& catalog, std::vector<CsvError>& errors,
                                        UnknownNames& unknown) {
  const size_t errors_before = errors.size();
  bool unresolved = false;  // a name went to `unknown`
  auto error = [&](ImportColumn column, std::string message) {
    errors.push_back({record.row, layout.ColumnNumber(column),
                      absl::StrCat(ImportColumnName(column), ": ", message)});
  };
  auto field = [&](ImportColumn column) -> const std::string& {
    return layout.Field(record, column);
  };
  // Every cell read is checked as text first (a NUL, a control or bidirectional formatting
  // character, an overlong cell); a cell that fails is reported once and not read further.
  bool usable[kImportColumnCount];
  for (size_t c = 0; c < kImportColumnCount; ++c) {
    const auto column = static_cast<ImportColumn>(c);
    usable[c] = layout.Reads(column);
    if (!usable[c]) continue;
    const TextRule rule = column == ImportColumn::kFoiReference ? kReferenceText : kLabelText;
    std::string problem = TextProblem(field(column), rule);
    usable[c] = problem.empty();
    if (!usable[c]) error(column, std::move(problem));
  }
  auto readable = [&](ImportColumn column) { return usable[static_cast<size_t>(column)]; };
  auto failed = [&] { return unresolved || errors.size() != errors_before; };
  ImportRow row;
  row.row = record.row;

  // What the outcome makes of the row comes first: a record that is not a report is skipped
  // whatever its other cells say.
  row.label = std::string(absl::StripAsciiWhitespace(field(ImportColumn::kOutcome)));
  const bool cases = layout.row_layout() == RowLayout::kCases;
  const std::string& count = field(ImportColumn::kCount);
  // In the figures layout a row with neither outcome nor count carries the return's own fields
  // and no line.
  const bool no_line = !cases && row.label.empty() && absl::StripAsciiWhitespace(count).empty();
  if (!no_line && readable(ImportColumn::kOutcome)) {
    if (std::optional<ResolvedOutcome> outcome =
            ResolveOutcome(row.label, layout.outcome_labels(), catalog)) {
      row.kind = outcome->kind;
      row.outcome_types = std::move(outcome->outcome_types);
      if (row.kind == OutcomeKind::kNotAReport) {
        if (failed()) return std::nullopt;
        return row;
      }
    } else {
      unknown.Add(UnknownNames::Kind::kOutcome, record.row,
                  layout.ColumnNumber(ImportColumn::kOutcome), row.label);
      unresolved = true;
    }
  }

  if (readable(ImportColumn::kForce)) {
    if (const Force* force = ResolveForce(field(ImportColumn::kForce), layout, catalog)) {
      row.force_id = force->force_id;
    } else {
      unknown.Add(UnknownNames::Kind::kForce, record.row, layout.ColumnNumber(ImportColumn::kForce),
                  field(ImportColumn::kForce));
      unresolved = true;
    }
  }
  row.offence_id = std::string(absl::StripAsciiWhitespace(field(ImportColumn::kOffence)));
  if (readable(ImportColumn::kOffence) && catalog.FindOffence(row.offence_id) == nullptr) {
    unknown.Add(UnknownNames::Kind::kOffence, record.row,
                layout.ColumnNumber(ImportColumn::kOffence), row.offence_id);
    unresolved = true;
  }
  for (auto [column, target] : {std::pair{ImportColumn::kPeriodStart, &row.period_start},
                                std::pair{ImportColumn::kPeriodEnd, &row.period_end}}) {
    *target = std::string(absl::StripAsciiWhitespace(field(column)));
    if (readable(column) && !ParseIsoDate(*target)) {
      error(column,
            absl::StrCat(QuoteForMessage(*target), " is not a date in the form YYYY-MM-DD"));
    }
  }
  row.foi_reference = std::string(absl::StripAsciiWhitespace(field(ImportColumn::kFoiReference)));
  if (readable(ImportColumn::kReceivedOn)) {
    row.received_on = std::string(absl::StripAsciiWhitespace(field(ImportColumn::kReceivedOn)));
    if (!row.received_on.empty() && !ParseIsoDate(row.received_on)) {
      error(ImportColumn::kReceivedOn, absl::StrCat(QuoteForMessage(row.received_on),
                                                    " is not a date in the form YYYY-MM-DD"));
    }
  }
  if (cases) {
    row.count = 1;  // the row is one report
    if (failed()) return std::nullopt;
    return row;
  }

  for (auto [column, target] :
       {std::pair{ImportColumn::kTotalReports, &row.total_reports},
        std::pair{ImportColumn::kNotYetAssigned, &row.not_yet_assigned},
        std::pair{ImportColumn::kUnaccountedReports, &row.unaccounted_reports},
        std::pair{ImportColumn::kUnknownOutcomeReports, &row.unknown_outcome_reports}}) {
    if (!readable(column)) continue;
    const bool optional = IsOptional(static_cast<size_t>(column));
    if (optional && absl::StripAsciiWhitespace(field(column)).empty()) continue;  // blank: 0
    if (std::optional<int64_t> value = ParseCount(field(column)); value && *value >= 0) {
      *target = *value;
    } else if (value) {
      error(column, absl::StrCat("must not be negative (", *value, ")"));
    } else {
      error(column, absl::StrCat(QuoteForMessage(field(column)), " is not a whole number"));
    }
  }
  if (readable(ImportColumn::kExemptions)) {
    for (absl::string_view section :
         absl::StrSplit(field(ImportColumn::kExemptions), ';', absl::SkipWhitespace())) {
      section = absl::StripAsciiWhitespace(section);
      if (absl::StrContains(section, ' ')) {
        error(ImportColumn::kExemptions,
              absl::StrCat(QuoteForMessage(section),
                           " has a space inside: write a section as s40(2), sections "
                           "separated by ';'"));
        continue;
      }
      row.exemptions.emplace_back(section);
    }
  }
  if (no_line) {
    if (failed()) return std::nullopt;
    return row;
  }
  if (!readable(ImportColumn::kCount)) {
    // reported above
  } else if (IsWithheldMarker(count)) {
    row.count.reset();
    // Reports counted in one of the return's own fields must be counted.
    if (row.kind != OutcomeKind::kLine) {
      error(ImportColumn::kCount,
            absl::StrCat(QuoteForMessage(row.label),
                         " adds its count to the return's own figures, so it cannot be withheld"));
    }
  } else if (std::optional<int64_t> value = ParseCount(count); value && *value >= 0) {
    row.count = value;
  } else if (value) {
    error(ImportColumn::kCount, absl::StrCat("must not be negative (", *value, ")"));
  } else {
    error(ImportColumn::kCount, absl::StrCat(QuoteForMessage(count),
                                             " is neither a whole number nor a withheld figure "
                                             "(<5, *, 1-4, withheld or blank)"));
  }
  if (failed()) return std::nullopt;
  return row;
}

std::optional<ImportRow> ParseImportRow(const CsvRecord& record, const ImportLayout& layout,
                                        const Catalog& catalog, std::vector<CsvError>& errors) {
  UnknownNames unknown;
  std::optional<ImportRow> row = ParseImportRow(record, layout, catalog, errors, unknown);
  unknown.AppendErrors(catalog, layout.outcome_labels(), layout.MappedForceNames(), errors);
  return row;
}

}  // namespace foi::ingest
