// libFuzzer target: arbitrary bytes through the text decoder, the CSV reader, the row parser
// and the return validator, as an import would take them, with and without a mapping of the
// file's own headers, defaults and force names. Any crash, leak, overflow or undefined behaviour
// fails; so does a broken invariant checked below.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "ingest-service/src/csv_reader.h"
#include "ingest-service/src/import_row.h"
#include "ingest-service/src/return_validator.h"
#include "ingest-service/src/text_decoder.h"
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const foi::Catalog& catalog = FuzzCatalog();
  const std::string input(reinterpret_cast<const char*>(data), size);
  // The first byte picks the chunk size, so chunk boundaries get fuzzed too.
  const size_t chunk = size == 0 ? 1 : 1 + static_cast<unsigned char>(input[0]) % 64;
  // Its top bits pick the encoding and whether the file's headers are mapped.
  const bool windows_1252 = size > 0 && (static_cast<unsigned char>(input[0]) & 0x80) != 0;
  const bool mapped = size > 0 && (static_cast<unsigned char>(input[0]) & 0x40) != 0;
  const foi::ingest::ImportMapping mapping =
      mapped ? foi::ingest::ImportMapping{.columns = {{"force", "Police force"},
                                                      {"outcome", "Outcome"},
                                                      {"count", "n"}},
                                          .defaults = {{"offence", "sharing-intimate-images"},
                                                       {"foi_reference", "REF"}},
                                          .force_names = {{"LC", "lancashire"}}}
             : foi::ingest::ImportMapping{};
  const foi::ingest::TextEncoding encoding =
      windows_1252 ? foi::ingest::TextEncoding::kWindows1252 : foi::ingest::TextEncoding::kUtf8;
  auto decoder = foi::ingest::TextDecoder::Create(encoding);
  if (!decoder.ok()) std::abort();

  std::vector<foi::ingest::CsvError> errors;
  std::optional<foi::ingest::ImportLayout> layout;
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>,
           foi::ingest::FoiReturn>
      returns;
  int64_t last_row = 0;
  foi::ingest::CsvReader reader(
      [&](const foi::ingest::CsvRecord& record) {
        if (record.row <= last_row) std::abort();  // rows only move forward
        last_row = record.row;
        if (!layout) {
          layout = foi::ingest::ImportLayout::FromHeader(record, mapping, errors);
          return;
        }
        if (!layout->ok()) return;
        std::optional<foi::ingest::ImportRow> row =
            foi::ingest::ParseImportRow(record, *layout, catalog, errors);
        if (!row) return;
        if (row->count && *row->count < 0) std::abort();  // negative counts never pass a row
        foi::ingest::FoiReturn& r = returns[{row->force_id, row->offence_id, row->period_start,
                                             row->period_end, row->foi_reference}];
        std::tie(r.force_id, r.offence_id, r.period_start, r.period_end, r.foi_reference) =
            std::tie(row->force_id, row->offence_id, row->period_start, row->period_end,
                     row->foi_reference);
        r.total_reports = row->total_reports;
        r.not_yet_assigned = row->not_yet_assigned;
        r.lines.push_back({row->outcome_types, row->count, !row->count.has_value(), row->label});
      },
      encoding);
  std::string text;
  for (size_t i = 0; i < input.size(); i += chunk) {
    text.clear();
    (*decoder)->Decode(absl::string_view(input).substr(i, chunk), text);
    reader.Feed(text);
  }
  text.clear();
  (*decoder)->Finish(text);
  reader.Feed(text);
  reader.Finish();
  for (const auto& error : reader.errors()) {
    if (error.row < 1 || error.column < 1) std::abort();
  }
  for (const auto& [key, foi_return] : returns) {
    foi::ingest::ValidateReturn(foi_return, catalog, absl::CivilDay(2026, 11, 29));
  }
  return 0;
}
