#include "ingest-service/src/import_reader.h"

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/error_info.h"
#include "common/status_macros.h"
#include "ingest-service/src/xlsx_cells.h"

namespace foi::ingest {
namespace {

absl::StatusOr<FileRead> ReadCsv(const ChunkSource& next_chunk, TextEncoding encoding,
                                 const std::function<void(const CsvRecord&)>& on_record) {
  FOI_ASSIGN_OR_RETURN(std::unique_ptr<TextDecoder> decoder, TextDecoder::Create(encoding));
  CsvReader reader(on_record, encoding);
  std::string chunk;
  std::string text;
  while (true) {
    FOI_ASSIGN_OR_RETURN(const bool more, next_chunk(chunk));
    if (!more) break;
    text.clear();
    decoder->Decode(chunk, text);
    reader.Feed(text);
  }
  text.clear();
  decoder->Finish(text);
  reader.Feed(text);
  reader.Finish();
  return FileRead{
      .format = FileFormat::kCsv, .errors = reader.errors(), .error_count = reader.error_count()};
}

absl::StatusOr<FileRead> ReadXlsx(const ChunkSource& next_chunk, const XlsxOptions& options,
                                  const std::function<void(const CsvRecord&)>& on_record) {
  // A workbook is a ZIP file, whose directory is at its end: it is read whole, within a limit.
  std::string workbook;
  std::string chunk;
  while (true) {
    FOI_ASSIGN_OR_RETURN(const bool more, next_chunk(chunk));
    if (!more) break;
    if (static_cast<int64_t>(workbook.size() + chunk.size()) > kMaxXlsxBytes) {
      return WithReason(absl::InvalidArgumentError(absl::StrCat(
                            "the workbook is larger than ", kMaxXlsxBytes >> 20,
                            " MiB, the most one import reads: save the sheet as CSV and import "
                            "that (CSV files are read as they stream, up to the upload limit)")),
                        "FILE_TOO_LARGE", {{"max_bytes", absl::StrCat(kMaxXlsxBytes)}});
    }
    workbook.append(chunk);
  }
  FOI_ASSIGN_OR_RETURN(std::string sheet, ReadXlsxSheet(workbook, options, on_record));
  return FileRead{.format = FileFormat::kXlsx, .sheet = std::move(sheet)};
}

}  // namespace

std::string FileRead::CellPath(int64_t row, int column) const {
  if (format == FileFormat::kCsv) return absl::StrCat("rows[", row, "].columns[", column, "]");
  const std::string name = xlsx::QuotedSheetName(sheet);
  if (row <= 0) return name;
  if (column <= 0) return absl::StrCat(name, "!", row, ":", row);
  return absl::StrCat(name, "!", CellName(column, row));
}

absl::StatusOr<FileRead> ReadRecords(const ChunkSource& next_chunk, const ReaderOptions& options,
                                     const std::function<void(const CsvRecord&)>& on_record) {
  // The first chunk tells a workbook from a CSV file; it is then read again as the file's.
  std::string first;
  FOI_ASSIGN_OR_RETURN(const bool any, next_chunk(first));
  const bool workbook = any && LooksLikeXlsx(first);
  bool first_given = false;
  const ChunkSource whole_file = [&](std::string& chunk) -> absl::StatusOr<bool> {
    if (!first_given) {
      first_given = true;
      chunk = first;
      return any;
    }
    return next_chunk(chunk);
  };
  FileFormat format = options.format;
  if (format == FileFormat::kDetect) format = workbook ? FileFormat::kXlsx : FileFormat::kCsv;
  if (format == FileFormat::kCsv && workbook) {
    return WithReason(
        absl::InvalidArgumentError("the file is an .xlsx workbook, not CSV: import it as "
                                   "IMPORT_FORMAT_XLSX (or leave the format unspecified)"),
        "FILE_INVALID");
  }
  if (format == FileFormat::kXlsx) return ReadXlsx(whole_file, options.xlsx, on_record);
  return ReadCsv(whole_file, options.encoding, on_record);
}

}  // namespace foi::ingest
