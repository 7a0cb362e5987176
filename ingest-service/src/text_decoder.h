// File: ingest-service/src/text_decoder.h
//
// Turns a file's bytes into UTF-8 as they arrive, chunk by chunk, with glibc's iconv. A chunk
// may end anywhere, even inside a character: the decoder keeps the unfinished bytes for the
// next one. A byte the encoding leaves undefined (0x81, 0x8D, 0x8F, 0x90 and 0x9D in
// Windows-1252) is passed on as it is: on its own it is never UTF-8, so the CSV reader reports
// it at its row and column.
//
//   FOI_ASSIGN_OR_RETURN(std::unique_ptr<TextDecoder> decoder,
//                        TextDecoder::Create(TextEncoding::kWindows1252));
//   std::string text;
//   decoder->Decode(chunk, text);  // appends UTF-8
//   decoder->Finish(text);
#pragma once

#include <iconv.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace foi::ingest {

enum class TextEncoding { kUtf8, kWindows1252 };

// "utf-8" or "" (UTF-8), "windows-1252"; any case. nullopt for anything else.
std::optional<TextEncoding> ParseTextEncoding(absl::string_view name);

// The encoding's name as people know it ("Windows-1252"), for messages.
absl::string_view TextEncodingName(TextEncoding encoding);

class TextDecoder {
 public:
  // INTERNAL if iconv cannot convert from `encoding` on this system.
  static absl::StatusOr<std::unique_ptr<TextDecoder>> Create(TextEncoding encoding);
  ~TextDecoder();
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

  // Appends the UTF-8 of `bytes` to `out`. UTF-8 passes through unchanged (the CSV reader
  // checks it).
  void Decode(absl::string_view bytes, std::string& out);
  // Ends the input: appends what is left (the bytes of an unfinished character, unchanged).
  void Finish(std::string& out);

 private:
  explicit TextDecoder(iconv_t converter) : converter_(converter) {}
  // Converts pending_, leaving in it only the bytes of a character that may continue.
  void Convert(std::string& out);

  iconv_t converter_;  // (iconv_t)-1 for UTF-8: nothing to convert
  std::string pending_;
};

}  // namespace foi::ingest
