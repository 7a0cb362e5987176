// File: ingest-service/src/import_mapping.h
//
// What the uploader says about a file beside its bytes (ImportHeader's columns, defaults,
// force_names and encoding), in the product's terms, and the check that it makes sense before
// the file is read.
//
//   ImportMapping mapping{.columns = {{"force", "Police force"}},
//                         .defaults = {{"offence", "disclosing-private-sexual-images"}},
//                         .encoding = "windows-1252"};
//   std::vector<FieldViolation> violations = CheckImportMapping(mapping, "header.");
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/field_violations.h"

namespace foi::ingest {

struct ImportMapping {
  // The product's column name -> the header text of the file's column (trimmed, any case).
  std::map<std::string, std::string> columns;
  // The product's column name -> the value of every row that has no such column, or a blank
  // cell in it.
  std::map<std::string, std::string> defaults;
  // The file's force name -> force id, before any other way of reading a force.
  std::map<std::string, std::string> force_names;
  // "utf-8" (or "") or "windows-1252" (text_decoder.h).
  std::string encoding;
};

// One violation, at `prefix` + "columns[\"colour\"]" and the like, for each key of `columns`
// or `defaults` that names no column of the import, each key or value that breaks the text
// rules (common/text_rules.h), and an encoding other than the ones ImportMapping names
// (`prefix` + "encoding"). Empty when the mapping can be used.
std::vector<FieldViolation> CheckImportMapping(const ImportMapping& mapping,
                                               absl::string_view prefix);

}  // namespace foi::ingest
