// File: ingest-service/src/unknown_names.h
//
// Names in an imported file that nothing resolves (outcome labels, forces, offences), each reported
// once, at the first row it is in, with how many rows use it and the name it most likely
// meant: a file of a million rows that writes "Chargd" throughout gets one error, and the
// uploader can write the whole map (outcome_labels, force_names) in one go.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/catalog.h"
#include "ingest-service/src/csv_reader.h"
#include "ingest-service/src/outcome_labels.h"

namespace foi::ingest {

class UnknownNames {
 public:
  enum class Kind { kOutcome, kForce, kOffence };
  // Distinct names kept, at most; rows with others are only counted.
  static constexpr size_t kMaxKept = 1000;

  // `written` (a cell as the file has it) at `row`, column number `column`, resolved to nothing.
  void Add(Kind kind, int64_t row, int column, absl::string_view written);
  bool empty() const { return names_.empty() && unlisted_rows_ == 0; }

  // One error per name, at its first row. `labels` and `force_names` (the uploader's maps) are
  // candidates for a "did you mean" beside the catalog's names.
  void AppendErrors(const Catalog& catalog, const OutcomeLabels& labels,
                    const std::vector<std::string>& force_names,
                    std::vector<CsvError>& errors) const;

 private:
  struct Seen {
    int64_t first_row = 0;
    int column = 0;
    std::string written;
    int64_t rows = 0;
  };
  std::map<std::pair<Kind, std::string>, Seen> names_;  // by kind and normalised name
  int64_t unlisted_rows_ = 0;
  int64_t first_unlisted_row_ = 0;
};

}  // namespace foi::ingest
