// File: ingest-service/src/csv_reader.h
//
// A streaming RFC 4180 CSV reader: feed it bytes in chunks of any size, get whole records back
// as they complete. Memory is bounded by the largest record, not the file. Accepts what Excel
// writes: a UTF-8 byte-order mark, CRLF or LF line ends, quoted fields with "" for a quote and
// line breaks inside quotes. Rejects bytes that are not UTF-8 (Excel's "CSV" is often
// Windows-1252), saying where. A file in another encoding is decoded first (text_decoder.h),
// and the reader told which it was, so that a byte left undecoded is reported as such.
//
//   CsvReader reader([](const CsvRecord& record) { ... });
//   while (more) reader.Feed(chunk);
//   reader.Finish();
//   for (const CsvError& error : reader.errors()) ...
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ingest-service/src/text_decoder.h"

namespace foi::ingest {

struct CsvRecord {
  int64_t row = 0;  // 1-based line number where the record starts
  std::vector<std::string> fields;
};

struct CsvError {
  int64_t row = 0;
  int column = 0;  // 1-based field number
  std::string message;
};

class CsvReader {
 public:
  // A field longer than this is an error (and the record is dropped): keeps memory bounded.
  static constexpr size_t kMaxFieldBytes = 64 * 1024;
  static constexpr int kMaxFields = 64;
  // Errors kept, at most; later ones are only counted (error_count()).
  static constexpr size_t kMaxKeptErrors = 10000;

  // `decoded_from`: the file's own encoding, whose decoder (text_decoder.h) feeds this reader.
  explicit CsvReader(std::function<void(const CsvRecord&)> on_record,
                     TextEncoding decoded_from = TextEncoding::kUtf8)
      : on_record_(std::move(on_record)), decoded_from_(decoded_from) {}

  void Feed(absl::string_view bytes);
  // Ends the input: emits a last record without a final line break.
  void Finish();

  const std::vector<CsvError>& errors() const { return errors_; }
  int64_t error_count() const { return error_count_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kAfterCr };

  // Outside quotes: ends the field on ',' or the record on a line end; false for other bytes.
  bool EndsFieldOrRecord(char c);
  void EndField();
  void EndRecord();
  void Error(std::string message);
  void CheckUtf8(const std::string& field);

  std::function<void(const CsvRecord&)> on_record_;
  TextEncoding decoded_from_;
  std::vector<CsvError> errors_;
  int64_t error_count_ = 0;
  State state_ = State::kFieldStart;
  bool at_start_ = true;       // nothing read yet (for the byte-order mark)
  std::string bom_candidate_;  // the first bytes, while they may still be a BOM
  std::string field_;
  CsvRecord record_;
  int64_t line_ = 1;
  bool record_started_ = false;
  bool record_failed_ = false;
};

}  // namespace foi::ingest
