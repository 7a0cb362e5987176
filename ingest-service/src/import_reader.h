// File: ingest-service/src/import_reader.h
//
// The first step of an import: a file's bytes to records (rows of cells), whatever its format.
// A CSV file is decoded from its encoding and read as it streams (memory flat with its size);
// an .xlsx workbook is read whole (up to kMaxXlsxBytes), screened for hidden content, and its
// sheet read as rows. Either way every record goes to one callback, the header row first, and
// what the file names cells by (CSV rows and columns, or a sheet's cell names) is kept for
// messages.
//
//   FOI_ASSIGN_OR_RETURN(FileRead read, ReadRecords(next_chunk, options, on_record));
//   std::string where = read.CellPath(7, 3);  // "rows[7].columns[3]" or "Reply!C7"
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest-service/src/csv_reader.h"
#include "ingest-service/src/text_decoder.h"
#include "ingest-service/src/upload_spool.h"
#include "ingest-service/src/xlsx_reader.h"

namespace foi::ingest {

// kDetect: an .xlsx when the file starts as a ZIP file does, else CSV.
enum class FileFormat { kCsv, kXlsx, kDetect };

struct ReaderOptions {
  FileFormat format = FileFormat::kCsv;
  TextEncoding encoding = TextEncoding::kUtf8;  // CSV only: a workbook's XML says its own
  XlsxOptions xlsx;                             // .xlsx only
};

// What reading a file found besides its records.
struct FileRead {
  FileFormat format = FileFormat::kCsv;
  std::string sheet;             // .xlsx: the sheet read
  std::vector<CsvError> errors;  // cells that could not be read, the first CsvReader keeps
  int64_t error_count = 0;       // all of them

  // How messages name a cell (column 0: the whole row; row 0: the whole file): a CSV file's
  // "rows[R].columns[C]", a workbook's "Reply!C7" (a sheet name with spaces in quotes, as
  // Excel writes it: 'FOI reply'!C7).
  std::string CellPath(int64_t row, int column) const;
};

// Reads the file from `next_chunk`, calling `on_record` for each record in order. Errors of
// the file as a whole (not a workbook, hidden content, too large) are returned; errors of
// single cells are in FileRead::errors.
absl::StatusOr<FileRead> ReadRecords(const ChunkSource& next_chunk, const ReaderOptions& options,
                                     const std::function<void(const CsvRecord&)>& on_record);

}  // namespace foi::ingest
