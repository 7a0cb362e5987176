#include "ingest-service/src/csv_reader.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text_rules.h"

namespace foi::ingest {
namespace {

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

void CsvReader::Error(std::string message) {
  ++error_count_;
  if (errors_.size() < kMaxKeptErrors) {
    errors_.push_back(
        {record_.row, static_cast<int>(record_.fields.size()) + 1, std::move(message)});
  }
  record_failed_ = true;
}

void CsvReader::CheckUtf8(const std::string& field) {
  const size_t bad = FirstInvalidUtf8Byte(field);
  if (bad == absl::string_view::npos) return;
  const auto byte = absl::Hex(static_cast<unsigned char>(field[bad]), absl::kZeroPad2);
  if (decoded_from_ != TextEncoding::kUtf8) {
    Error(absl::StrCat("byte 0x", byte, " is not a character in ", TextEncodingName(decoded_from_),
                       ": is the file in another encoding?"));
    return;
  }
  Error(absl::StrCat("byte 0x", byte,
                     " is not UTF-8: save the sheet as \"CSV UTF-8\" (this looks like "
                     "Windows-1252), or send it with encoding windows-1252"));
}

void CsvReader::EndField() {
  if (!record_failed_) {
    CheckUtf8(field_);
    if (static_cast<int>(record_.fields.size()) >= kMaxFields) {
      Error(absl::StrCat("more than ", kMaxFields, " fields"));
    }
  }
  if (!record_failed_) record_.fields.push_back(std::move(field_));
  field_.clear();
}

void CsvReader::EndRecord() {
  EndField();
  // A blank line is no record.
  const bool blank = record_.fields.size() == 1 && record_.fields[0].empty();
  if (!record_failed_ && !blank) on_record_(record_);
  record_.fields.clear();
  record_failed_ = false;
  record_started_ = false;
  state_ = State::kFieldStart;
}

bool CsvReader::EndsFieldOrRecord(char c) {
  if (c == ',') {
    EndField();
    state_ = State::kFieldStart;
  } else if (c == '\n') {
    EndRecord();
  } else if (c == '\r') {
    EndRecord();
    ++line_;  // a lone CR (old Mac files) ends a line too; the LF of a CRLF is skipped
    state_ = State::kAfterCr;
  } else {
    return false;
  }
  return true;
}

void CsvReader::Feed(absl::string_view bytes) {
  if (at_start_) {
    // Hold back the first bytes until they can be told from a byte-order mark.
    bom_candidate_.append(bytes.data(), bytes.size());
    if (bom_candidate_.size() < kUtf8Bom.size() &&
        absl::string_view(kUtf8Bom).substr(0, bom_candidate_.size()) == bom_candidate_) {
      return;
    }
    at_start_ = false;
    std::string held = std::move(bom_candidate_);
    absl::string_view rest = held;
    if (absl::StartsWith(rest, kUtf8Bom)) rest.remove_prefix(kUtf8Bom.size());
    Feed(rest);
    return;
  }
  for (char c : bytes) {
    if (state_ == State::kAfterCr) {
      state_ = State::kFieldStart;
      if (c == '\n') continue;  // CRLF: the CR ended the record and counted the line
    }
    if (!record_started_) {
      record_started_ = true;
      record_.row = line_;
    }
    if (c == '\n') ++line_;
    if (field_.size() > kMaxFieldBytes && !record_failed_) {
      Error(absl::StrCat("field longer than ", kMaxFieldBytes, " bytes"));
    }
    if (record_failed_ && state_ != State::kQuoted && c != '\n' && c != '\r') {
      continue;  // skip to the end of the broken record
    }
    switch (state_) {
      case State::kAfterCr:  // handled above
      case State::kFieldStart:
        if (c == '"') {
          state_ = State::kQuoted;
          break;
        }
        state_ = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted:
        if (EndsFieldOrRecord(c)) {
          break;
        } else if (c == '"') {
          Error("a quote inside an unquoted field (quote the whole field and double the quote)");
        } else if (field_.size() <= kMaxFieldBytes) {
          field_ += c;
        }
        break;
      case State::kQuoted:
        if (c == '"') {
          state_ = State::kQuoteInQuoted;
        } else if (field_.size() <= kMaxFieldBytes) {
          field_ += c;
        }
        break;
      case State::kQuoteInQuoted:
        if (c == '"') {
          field_ += '"';
          state_ = State::kQuoted;
        } else if (!EndsFieldOrRecord(c)) {
          Error("text after the closing quote of a field");
        }
        break;
    }
  }
}

void CsvReader::Finish() {
  if (at_start_) {
    at_start_ = false;
    std::string held = std::move(bom_candidate_);
    Feed(held);
  }
  if (state_ == State::kQuoted) {
    Error("a quoted field is never closed");
    record_failed_ = true;
  }
  if (record_started_) EndRecord();
}

}  // namespace foi::ingest
