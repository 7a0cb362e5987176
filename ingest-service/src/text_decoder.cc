#include "ingest-service/src/text_decoder.h"

#include <cerrno>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace foi::ingest {
namespace {

const iconv_t kNoConverter = reinterpret_cast<iconv_t>(-1);

}  // namespace

std::optional<TextEncoding> ParseTextEncoding(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower.empty() || lower == "utf-8") return TextEncoding::kUtf8;
  if (lower == "windows-1252") return TextEncoding::kWindows1252;
  return std::nullopt;
}

absl::string_view TextEncodingName(TextEncoding encoding) {
  return encoding == TextEncoding::kWindows1252 ? "Windows-1252" : "UTF-8";
}

absl::StatusOr<std::unique_ptr<TextDecoder>> TextDecoder::Create(TextEncoding encoding) {
  if (encoding == TextEncoding::kUtf8) {
    return std::unique_ptr<TextDecoder>(new TextDecoder(kNoConverter));
  }
  const iconv_t converter = iconv_open("UTF-8", "WINDOWS-1252");
  if (converter == kNoConverter) {
    return absl::InternalError(
        absl::StrCat("iconv cannot decode ", TextEncodingName(encoding), " on this system"));
  }
  return std::unique_ptr<TextDecoder>(new TextDecoder(converter));
}

TextDecoder::~TextDecoder() {
  if (converter_ != kNoConverter) iconv_close(converter_);
}

void TextDecoder::Decode(absl::string_view bytes, std::string& out) {
  if (converter_ == kNoConverter) {
    out.append(bytes.data(), bytes.size());
    return;
  }
  pending_.append(bytes.data(), bytes.size());
  Convert(out);
}

void TextDecoder::Convert(std::string& out) {
  char* in = pending_.data();
  size_t in_left = pending_.size();
  char buffer[4096];
  while (in_left > 0) {
    char* to = buffer;
    size_t to_left = sizeof(buffer);
    const size_t done = iconv(converter_, &in, &in_left, &to, &to_left);
    out.append(buffer, static_cast<size_t>(to - buffer));
    if (done != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;  // the buffer is full: go round again
    if (errno == EINVAL) break;    // a character the next chunk may finish
    // EILSEQ: a byte the encoding does not define. Pass it on as it is, for the CSV reader to
    // report where it is.
    out.push_back(*in);
    ++in;
    --in_left;
  }
  pending_.erase(0, pending_.size() - in_left);
}

void TextDecoder::Finish(std::string& out) {
  if (converter_ == kNoConverter) return;
  out.append(pending_);  // an unfinished character: not UTF-8, so reported where it is
  pending_.clear();
  char buffer[64];
  char* to = buffer;
  size_t to_left = sizeof(buffer);
  iconv(converter_, nullptr, nullptr, &to, &to_left);  // any closing shift sequence
  out.append(buffer, static_cast<size_t>(to - buffer));
}

}  // namespace foi::ingest
