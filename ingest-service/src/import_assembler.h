// File: ingest-service/src/import_assembler.h
//
// Builds returns from an import's rows, read back grouped (every row of a return together, in
// file order). One return per force, offence, period and reference:
//   - figures layout: each row is a line (or gives the return's own fields only), and every
//     row restates the return's own fields, which must agree;
//   - cases layout: each row is one report; each distinct outcome becomes a line counting its
//     rows, and total_reports counts them all.
// In both, a row whose outcome means not yet assigned, unaccounted or unknown adds its count
// to that field of the return. Pure: no database, so it is tested on its own.
//
//   ReturnAssembler assembler(layout, [&](AssembledReturn r) { ...validate, stage... }, errors);
//   for (...) assembler.Add(row);
//   assembler.Finish();
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ingest-service/src/csv_reader.h"
#include "ingest-service/src/foi_return.h"
#include "ingest-service/src/import_row.h"

namespace foi::ingest {

// The fields every row of a figures return restates, in this order.
inline constexpr std::array<ImportColumn, 6> kOwnFieldColumns = {
    ImportColumn::kTotalReports,       ImportColumn::kNotYetAssigned,
    ImportColumn::kUnaccountedReports, ImportColumn::kUnknownOutcomeReports,
    ImportColumn::kExemptions,         ImportColumn::kReceivedOn};

// Lines a return of figures may have, at most (a return has one line per outcome type or set
// of them; the framework has about 30 types).
inline constexpr size_t kMaxLinesPerReturn = 1000;

// One imported row as read back from where the import staged it; views into that storage.
struct StagedRow {
  int64_t row = 0;
  absl::string_view force_id, offence_id, period_start, period_end, foi_reference;
  // As kOwnFieldColumns: numbers as decimal text, exemptions separated by spaces.
  std::array<absl::string_view, kOwnFieldColumns.size()> own_fields;
  OutcomeKind kind = OutcomeKind::kLine;
  absl::string_view outcome_types;  // codes separated by spaces; empty for no line
  std::optional<int64_t> count;     // nullopt when withheld
  absl::string_view label;
};

// A return built from its rows, and the row each part came from.
struct AssembledReturn {
  FoiReturn foi_return;
  int64_t first_row = 0;
  std::vector<int64_t> line_rows;  // the first row of each line
};

class ReturnAssembler {
 public:
  // `on_return` gets each return once its last row is in; disagreements between the rows of a
  // return go to `errors`, at the row and column (`layout`) that disagrees.
  ReturnAssembler(const ImportLayout& layout, std::function<void(AssembledReturn)> on_return,
                  std::vector<CsvError>& errors)
      : layout_(layout), on_return_(std::move(on_return)), errors_(errors) {}

  void Add(const StagedRow& row);
  // Hands on the last return.
  void Finish();

 private:
  bool StartsNewReturn(const StagedRow& row) const;
  void Start(const StagedRow& row);
  void CheckOwnFields(const StagedRow& row);
  void AddToOwnField(const StagedRow& row);

  const ImportLayout& layout_;
  std::function<void(AssembledReturn)> on_return_;
  std::vector<CsvError>& errors_;
  std::optional<AssembledReturn> current_;
  bool too_many_lines_ = false;  // the current return's one error about it is reported
  std::array<std::string, kOwnFieldColumns.size()> own_fields_;  // as the first row wrote them
  // Cases layout: the line of each distinct outcome (its codes) in the current return.
  std::map<std::string, size_t, std::less<>> line_of_outcome_;
};

}  // namespace foi::ingest
