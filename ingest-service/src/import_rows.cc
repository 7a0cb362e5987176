#include "ingest-service/src/import_rows.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/iso_date.h"

namespace foi::ingest {
namespace {

// A date as ISO-8601, whichever way the row wrote it (so two spellings of one day group
// together); as written if it is no date (the row then has an error already).
std::string CanonicalDate(const std::string& text) {
  const std::optional<absl::CivilDay> day = ParseIsoDate(text);
  return day ? FormatIsoDate(*day) : text;
}

}  // namespace

void ImportRows::Add(const ImportRow& row) {
  const uint32_t key = keys_.Of({row.force_id, row.offence_id, CanonicalDate(row.period_start),
                                 CanonicalDate(row.period_end), row.foi_reference});
  // As kOwnFieldColumns orders them; numbers as decimal text, as the assembler compares them.
  const uint32_t own_fields = own_fields_.Of(
      {absl::StrCat(row.total_reports), absl::StrCat(row.not_yet_assigned),
       absl::StrCat(row.unaccounted_reports), absl::StrCat(row.unknown_outcome_reports),
       absl::StrJoin(row.exemptions, " "), row.received_on});
  rows_.push_back({.row = row.row,
                   .key = key,
                   .own_fields = own_fields,
                   .outcome_types = texts_.Of(absl::StrJoin(row.outcome_types, " ")),
                   .label = texts_.Of(row.label),
                   .count = row.count,
                   .kind = row.kind});
}

void ImportRows::ForEachByReturn(const std::function<bool(const StagedRow&)>& on_row) const {
  // Keys ranked once, so rows sort by two integers rather than five strings.
  std::vector<uint32_t> keys_in_order(keys_.size());
  std::iota(keys_in_order.begin(), keys_in_order.end(), 0);
  std::sort(keys_in_order.begin(), keys_in_order.end(),
            [this](uint32_t a, uint32_t b) { return keys_[a] < keys_[b]; });
  std::vector<uint32_t> rank(keys_.size());
  for (uint32_t i = 0; i < keys_in_order.size(); ++i) rank[keys_in_order[i]] = i;

  std::vector<uint32_t> order(rows_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return std::pair(rank[rows_[a].key], rows_[a].row) <
           std::pair(rank[rows_[b].key], rows_[b].row);
  });
  for (const uint32_t index : order) {
    const Row& row = rows_[index];
    const auto& [force_id, offence_id, period_start, period_end, foi_reference] = keys_[row.key];
    const OwnFields& own = own_fields_[row.own_fields];
    StagedRow staged{.row = row.row,
                     .force_id = force_id,
                     .offence_id = offence_id,
                     .period_start = period_start,
                     .period_end = period_end,
                     .foi_reference = foi_reference,
                     .kind = row.kind,
                     .outcome_types = texts_[row.outcome_types],
                     .count = row.count,
                     .label = texts_[row.label]};
    for (size_t k = 0; k < own.size(); ++k) staged.own_fields[k] = own[k];
    if (!on_row(staged)) return;
  }
}

}  // namespace foi::ingest
