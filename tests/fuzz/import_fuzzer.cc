// libFuzzer target: arbitrary bytes through an import's reading and checking, as the service
// takes them: the format recognised by content (CSV decoded from its encoding, or an .xlsx
// workbook with hidden-content screening), the row parser with and without a map of the file's
// own headers, defaults, force names and outcome labels, in both layouts, the assembler that
// builds returns from grouped rows, and the return validator. Any crash, leak, overflow or
// undefined behaviour fails; so does a broken invariant checked below.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "ingest-service/src/csv_reader.h"
#include "ingest-service/src/import_assembler.h"
#include "ingest-service/src/import_reader.h"
#include "ingest-service/src/import_row.h"
#include "ingest-service/src/return_validator.h"
#include "ingest-service/src/unknown_names.h"
#include "tests/support/test_catalog.h"

namespace {

const foi::Catalog& FuzzCatalog() {
  static const foi::Catalog catalog = [] {
    foi::Catalog base = foi::testing::TestCatalog();
    return foi::Catalog(base.forces(), base.offences(), base.outcome_types(), base.outcome_groups(),
                        {{"community resolution", {"8"}}},
                        {{"lancashire constabulary", "lancashire"}});
  }();
  return catalog;
}

// A row kept as the importer stages it, to be read back grouped.
struct Kept {
  foi::ingest::ImportRow row;
  std::array<std::string, foi::ingest::kOwnFieldColumns.size()> own_fields;
  std::string outcome_types;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace foi::ingest;
  const foi::Catalog& catalog = FuzzCatalog();
  const std::string input(reinterpret_cast<const char*>(data), size);
  // The first byte picks the chunk size, so chunk boundaries get fuzzed too, and its top bits
  // the encoding, whether the file's headers are mapped, the layout, and whether hidden content
  // is allowed.
  const unsigned char first = size == 0 ? 0 : static_cast<unsigned char>(input[0]);
  const size_t chunk = 1 + first % 32;
  const bool windows_1252 = (first & 0x80) != 0;
  const bool mapped = (first & 0x40) != 0;
  const bool cases = (first & 0x20) != 0;
  ImportMapping mapping;
  mapping.layout = cases ? RowLayout::kCases : RowLayout::kFigures;
  if (mapped) {
    mapping.columns = {{"force", "Police force"}, {"outcome", "Outcome"}, {"count", "n"}};
    mapping.defaults = {{"offence", "sharing-intimate-images"},
                        {"foi_reference", "REF"},
                        {"period_start", "2024-02-01"},
                        {"period_end", "2024-12-31"}};
    mapping.force_names = {{"LC", "lancashire"}};
    mapping.outcome_labels = {
        {"", "unknown"}, {"nc", "not-a-report"}, {"o", "not-yet-assigned"}, {"c", "1+1A"}};
  }
  const ReaderOptions reader_options{
      .format = FileFormat::kDetect,
      .encoding = windows_1252 ? TextEncoding::kWindows1252 : TextEncoding::kUtf8,
      .xlsx = {.allow_hidden_content = (first & 0x10) != 0}};

  size_t offset = 0;
  const ChunkSource next_chunk = [&](std::string& out) -> absl::StatusOr<bool> {
    if (offset >= input.size()) return false;
    out = input.substr(offset, chunk);
    offset += chunk;
    return true;
  };
  std::vector<CsvError> errors;
  UnknownNames unknown;
  std::optional<ImportLayout> layout;
  // Grouped as the importer's cursor reads them back: by return, then by row.
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string, int64_t>,
           Kept>
      rows;
  int64_t last_row = 0;
  const absl::StatusOr<FileRead> read =
      ReadRecords(next_chunk, reader_options, [&](const CsvRecord& record) {
        if (record.row <= last_row) std::abort();  // rows only move forward
        last_row = record.row;
        if (!layout) {
          layout = ImportLayout::FromHeader(record, mapping, errors);
          return;
        }
        if (!layout->ok()) return;
        std::optional<ImportRow> row = ParseImportRow(record, *layout, catalog, errors, unknown);
        if (!row || row->kind == OutcomeKind::kNotAReport) return;
        if (row->count && *row->count < 0) std::abort();  // negative counts never pass a row
        if (cases && row->count != 1) std::abort();       // a case is one report
        Kept kept{.row = *row};
        kept.own_fields = {std::to_string(row->total_reports),
                           std::to_string(row->not_yet_assigned),
                           std::to_string(row->unaccounted_reports),
                           std::to_string(row->unknown_outcome_reports),
                           "",
                           row->received_on};
        for (const std::string& type : row->outcome_types) {
          kept.outcome_types += (kept.outcome_types.empty() ? "" : " ") + type;
        }
        rows.emplace(std::make_tuple(row->force_id, row->offence_id, row->period_start,
                                     row->period_end, row->foi_reference, row->row),
                     std::move(kept));
      });
  if (read.ok()) {
    for (const CsvError& error : read->errors) {
      if (error.row < 1 || error.column < 1) std::abort();
    }
    if (read->CellPath(1, 1).empty()) std::abort();
  }
  if (layout) {
    unknown.AppendErrors(catalog, layout->outcome_labels(), layout->MappedForceNames(), errors);
  }
  if (!layout || !layout->ok()) return 0;
  ReturnAssembler assembler(
      *layout,
      [&](AssembledReturn assembled) {
        if (assembled.line_rows.size() != assembled.foi_return.lines.size()) std::abort();
        if (cases) {
          int64_t counted = assembled.foi_return.not_yet_assigned +
                            assembled.foi_return.unknown_outcome_reports +
                            assembled.foi_return.unaccounted_reports;
          for (const ReturnLine& line : assembled.foi_return.lines)
            counted += line.count.value_or(-1);
          if (counted != assembled.foi_return.total_reports) std::abort();  // every row counted
        }
        ValidateReturn(assembled.foi_return, catalog, absl::CivilDay(2026, 11, 29));
      },
      errors);
  for (const auto& [key, kept] : rows) {
    const ImportRow& row = kept.row;
    StagedRow staged{.row = row.row,
                     .force_id = row.force_id,
                     .offence_id = row.offence_id,
                     .period_start = row.period_start,
                     .period_end = row.period_end,
                     .foi_reference = row.foi_reference,
                     .kind = row.kind,
                     .outcome_types = kept.outcome_types,
                     .count = row.count,
                     .label = row.label};
    for (size_t k = 0; k < kept.own_fields.size(); ++k) staged.own_fields[k] = kept.own_fields[k];
    assembler.Add(staged);
  }
  assembler.Finish();
  return 0;
}
