// File: ingest-service/src/import_mapping.h
//
// What the uploader says about a file's rows beside its bytes (ImportHeader's layout, columns,
// defaults, force_names and outcome_labels), in the product's terms, and the check that it
// makes sense before the file is read. (How the bytes are read is import_reader.h's.)
//
//   ImportMapping mapping{.columns = {{"force", "Police force"}},
//                         .defaults = {{"offence", "disclosing-private-sexual-images"}}};
//   std::vector<FieldViolation> violations = CheckImportMapping(mapping, "header.");
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/field_violations.h"

namespace foi::ingest {

// How a file's rows are laid out (ImportHeader.layout).
enum class RowLayout {
  kFigures,  // one row per figure: a line of a return, or the return's own fields
  kCases,    // one row per report, with its outcome; the import counts them
};

struct ImportMapping {
  RowLayout layout = RowLayout::kFigures;
  // The product's column name -> the header text of the file's column (trimmed, any case).
  std::map<std::string, std::string> columns;
  // The product's column name -> the value of every row that has no such column, or a blank
  // cell in it.
  std::map<std::string, std::string> defaults;
  // The file's force name -> force id, before any other way of reading a force.
  std::map<std::string, std::string> force_names;
  // The file's outcome label -> codes joined with '+', a group id, or a special meaning
  // (outcome_labels.h); checked against the catalog with CheckOutcomeLabels.
  std::map<std::string, std::string> outcome_labels;
};

// One violation, at `prefix` + "columns[\"colour\"]" and the like, for each key of `columns`
// or `defaults` that names no column of the import, each key or value that breaks the text
// rules (common/text_rules.h). Empty when the mapping can be used.
std::vector<FieldViolation> CheckImportMapping(const ImportMapping& mapping,
                                               absl::string_view prefix);

}  // namespace foi::ingest
