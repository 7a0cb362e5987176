#include "ingest-service/src/import_assembler.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/text_rules.h"
#include "ingest-service/src/return_validator.h"

namespace foi::ingest {
namespace {

int64_t AsCount(absl::string_view text) {
  int64_t value = 0;
  return absl::SimpleAtoi(text, &value) ? value : 0;
}

// `field` + `count`, or just past kMaxFigure when that would be more (the validator refuses
// it then): a file's figures can be any int64, and their sum must not overflow.
void AddCapped(int64_t& field, int64_t count) {
  field = count > kMaxFigure || field > kMaxFigure - count ? kMaxFigure + 1 : field + count;
}

}  // namespace

bool ReturnAssembler::StartsNewReturn(const StagedRow& row) const {
  if (!current_) return true;
  const FoiReturn& r = current_->foi_return;
  return row.force_id != r.force_id || row.offence_id != r.offence_id ||
         row.period_start != r.period_start || row.period_end != r.period_end ||
         row.foi_reference != r.foi_reference;
}

void ReturnAssembler::Start(const StagedRow& row) {
  Finish();
  current_.emplace();
  current_->first_row = row.row;
  line_of_outcome_.clear();
  too_many_lines_ = false;
  FoiReturn& r = current_->foi_return;
  r.force_id = std::string(row.force_id);
  r.offence_id = std::string(row.offence_id);
  r.period_start = std::string(row.period_start);
  r.period_end = std::string(row.period_end);
  r.foi_reference = std::string(row.foi_reference);
  r.received_on = std::string(row.own_fields[5]);
  if (layout_.row_layout() == RowLayout::kCases) return;  // the rows are counted instead
  r.total_reports = AsCount(row.own_fields[0]);
  r.not_yet_assigned = AsCount(row.own_fields[1]);
  r.unaccounted_reports = AsCount(row.own_fields[2]);
  r.unknown_outcome_reports = AsCount(row.own_fields[3]);
  r.exemptions = absl::StrSplit(row.own_fields[4], ' ', absl::SkipEmpty());
  for (size_t k = 0; k < own_fields_.size(); ++k) own_fields_[k] = std::string(row.own_fields[k]);
}

void ReturnAssembler::CheckOwnFields(const StagedRow& row) {
  for (size_t k = 0; k < kOwnFieldColumns.size(); ++k) {
    if (row.own_fields[k] == own_fields_[k]) continue;
    const ImportColumn column = kOwnFieldColumns[k];
    errors_.push_back(
        {row.row, layout_.ColumnNumber(column),
         absl::StrCat(ImportColumnName(column), ": ", QuoteForMessage(row.own_fields[k]),
                      " differs from ", QuoteForMessage(own_fields_[k]), " on row ",
                      current_->first_row, ", another row of the same return")});
  }
}

void ReturnAssembler::AddToOwnField(const StagedRow& row) {
  FoiReturn& r = current_->foi_return;
  const int64_t count = row.count.value_or(0);  // never withheld: the row parser refuses that
  switch (row.kind) {
    case OutcomeKind::kNotYetAssigned:
      AddCapped(r.not_yet_assigned, count);
      break;
    case OutcomeKind::kUnaccounted:
      AddCapped(r.unaccounted_reports, count);
      break;
    case OutcomeKind::kUnknown:
      AddCapped(r.unknown_outcome_reports, count);
      break;
    case OutcomeKind::kLine:
    case OutcomeKind::kNotAReport:
      break;
  }
}

void ReturnAssembler::Add(const StagedRow& row) {
  if (StartsNewReturn(row)) Start(row);
  const bool cases = layout_.row_layout() == RowLayout::kCases;
  FoiReturn& r = current_->foi_return;
  if (cases) {
    r.total_reports += row.count.value_or(1);
    // The one own field a case row restates: the day the reply was received.
    if (row.own_fields[5] != r.received_on) {
      errors_.push_back({row.row, layout_.ColumnNumber(ImportColumn::kReceivedOn),
                         absl::StrCat("received_on: ", QuoteForMessage(row.own_fields[5]),
                                      " differs from ", QuoteForMessage(r.received_on), " on row ",
                                      current_->first_row, ", another row of the same return")});
    }
  } else {
    CheckOwnFields(row);
  }
  if (row.kind != OutcomeKind::kLine) {
    AddToOwnField(row);
    return;
  }
  if (row.outcome_types.empty()) return;  // a row of the return's own fields only
  // A return has at most a line per outcome type; far more lines is a file that is not what
  // it says, and holding them all would let one return take any amount of memory.
  if (!cases && r.lines.size() >= kMaxLinesPerReturn) {
    if (!too_many_lines_) {
      errors_.push_back({row.row, layout_.ColumnNumber(ImportColumn::kOutcome),
                         absl::StrCat("outcome: this return has more than ", kMaxLinesPerReturn,
                                      " lines; are its rows of more than one return?")});
      too_many_lines_ = true;
    }
    return;
  }
  if (cases) {
    if (auto line = line_of_outcome_.find(row.outcome_types); line != line_of_outcome_.end()) {
      ReturnLine& existing = r.lines[line->second];
      existing.count = *existing.count + row.count.value_or(1);
      return;
    }
    line_of_outcome_.emplace(std::string(row.outcome_types), r.lines.size());
  }
  ReturnLine line;
  line.outcome_types = absl::StrSplit(row.outcome_types, ' ');
  line.count = cases ? std::optional<int64_t>(row.count.value_or(1)) : row.count;
  line.suppressed = !line.count.has_value();
  line.label = std::string(row.label);
  r.lines.push_back(std::move(line));
  current_->line_rows.push_back(row.row);
}

void ReturnAssembler::Finish() {
  if (!current_) return;
  AssembledReturn done = std::move(*current_);
  current_.reset();
  on_return_(std::move(done));
}

}  // namespace foi::ingest
