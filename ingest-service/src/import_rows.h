// File: ingest-service/src/import_rows.h
//
// The rows of an import, held in the service's memory between reading the file and
// assembling its returns, and handed back grouped: every row of a return together (rows of
// one return share force, offence, period and reference), in file order within it.
//
// Compact, because a file may have millions of rows: what rows of one return repeat (the
// return's key and its own fields) and what many rows share (outcome codes, labels) is kept
// once and referred to by number, so a row costs about 48 bytes however long its text.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "ingest-service/src/import_assembler.h"
#include "ingest-service/src/import_row.h"
#include "ingest-service/src/value_numbers.h"

namespace foi::ingest {

class ImportRows {
 public:
  // Keeps `row` (a row that means no report at all is the caller's to leave out).
  void Add(const ImportRow& row);
  int64_t size() const { return static_cast<int64_t>(rows_.size()); }

  // Calls `on_row` for every row, grouped by return (returns in order of force, offence,
  // period and reference), each return's rows in file order, until it returns false. The
  // views stay valid while this object lives.
  void ForEachByReturn(const std::function<bool(const StagedRow&)>& on_row) const;

 private:
  // force, offence, period start and end (ISO-8601), reference
  using ReturnKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  using OwnFields = std::array<std::string, kOwnFieldColumns.size()>;

  struct Row {
    int64_t row;
    uint32_t key;
    uint32_t own_fields;
    uint32_t outcome_types;  // codes separated by spaces
    uint32_t label;
    std::optional<int64_t> count;
    OutcomeKind kind;
  };

  std::vector<Row> rows_;
  ValueNumbers<ReturnKey> keys_;
  ValueNumbers<OwnFields> own_fields_;
  ValueNumbers<std::string> texts_;  // outcome codes and labels
};

}  // namespace foi::ingest
