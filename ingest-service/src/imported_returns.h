// File: ingest-service/src/imported_returns.h
//
// The checked returns of an import, kept in memory and written straight into their tables:
// foi_returns by COPY as they are checked, return_lines by COPY once the whole file is known
// to be good, one audit event each by one statement, all in the import's transaction (a file
// with an error is rolled back, whatever was sent). Lines are kept compactly (a
// line costs about 24 bytes; its codes and label are kept once per distinct text).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "ingest-service/src/foi_return.h"
#include "ingest-service/src/import_assembler.h"
#include "ingest-service/src/value_numbers.h"

namespace foi::ingest {

// A return of the file that overlaps another: the first row of the return, and what it
// overlaps ("active return …", "another return of this file …").
using ImportOverlap = std::pair<int64_t, std::string>;

class ImportedReturns {
 public:
  // Keeps a checked return, under a new return id.
  void Add(const AssembledReturn& assembled);
  int64_t size() const { return static_cast<int64_t>(returns_.size()); }

  // Returns of the file whose period shares a day with an earlier one (by start) of the same
  // force and offence in the file, by first row. Needs no database.
  std::vector<ImportOverlap> OverlapsWithinFile() const;
  // Returns of the file whose period shares a day with an active stored return of the same
  // force and offence, by first row, at most `limit`.
  std::vector<ImportOverlap> OverlapsWithStored(pqxx::transaction_base& txn, int64_t limit) const;

  // Stores every return as version 1, written by key `key_id` on behalf of `source`, with its
  // lines and an audit event naming `file` as the reason, in three steps so that PostgreSQL
  // stores the first returns while the service still checks the rest of the file: BeginWrite
  // opens a COPY into foi_returns; WriteAdded sends it the returns added since (call it as
  // they are added); EndWrite sends the rest, closes it, then writes the lines and the audit
  // events. EndWrite throws what PostgreSQL refuses (an exclusion violation when a return
  // overlaps a stored one, or another of the file). AbandonWrite closes an open COPY whatever
  // it held, for a transaction about to be rolled back.
  void BeginWrite(pqxx::transaction_base& txn, const std::string& key_id,
                  const std::string& source);
  void WriteAdded();
  void EndWrite(pqxx::transaction_base& txn, const std::string& file);
  void AbandonWrite();

  // The first `limit` returns in file order, without lines (and without ids when `with_ids`
  // is false: nothing was stored).
  std::vector<FoiReturn> FirstInFileOrder(int64_t limit, bool with_ids) const;

 private:
  struct Return {
    std::string return_id;
    uint32_t force_id, offence_id;
    std::string period_start, period_end, foi_reference, received_on;
    int64_t total_reports, not_yet_assigned, unaccounted_reports, unknown_outcome_reports;
    std::vector<std::string> exemptions;
    int64_t first_row;
    size_t first_line, line_count;  // in lines_
  };
  struct Line {
    uint32_t outcome_types;  // a text array literal of the codes
    uint32_t label;
    std::optional<int64_t> count;
  };

  std::vector<Return> returns_;
  std::vector<Line> lines_;
  ValueNumbers<std::string> texts_;  // force and offence ids, code lists, labels

  // While writing: the COPY into foi_returns, how many returns it has been sent, and who
  // writes them.
  std::unique_ptr<pqxx::stream_to> versions_;
  size_t versions_sent_ = 0;
  std::string key_id_, source_;
};

}  // namespace foi::ingest
