#include "common/text_rules.h"

#include <cstdint>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace foi {
namespace {

// The code point that starts at `text[at]` and its length in bytes; nullopt when the bytes
// there are not well-formed UTF-8 (overlong forms and surrogates included).
struct Decoded {
  char32_t code_point;
  size_t length;
};

std::optional<Decoded> DecodeAt(absl::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return Decoded{lead, 1};
  size_t length = 0;
  char32_t code_point = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return std::nullopt;
  }
  if (at + length > text.size()) return std::nullopt;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return std::nullopt;
    code_point = (code_point << 6) | (byte(at + i) & 0x3F);
  }
  const bool overlong = (length == 2 && code_point < 0x80) || (length == 3 && code_point < 0x800) ||
                        (length == 4 && code_point < 0x10000);
  if (overlong || (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
    return std::nullopt;
  }
  return Decoded{code_point, length};
}

bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Marks and embeddings, overrides and isolates of the Unicode bidirectional algorithm.
bool IsBidiFormatting(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

std::string CodePointName(char32_t c) {
  return absl::StrFormat("U+%04X", static_cast<uint32_t>(c));
}

}  // namespace

size_t FirstInvalidUtf8Byte(absl::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const std::optional<Decoded> decoded = DecodeAt(text, at);
    if (!decoded) return at;
    at += decoded->length;
  }
  return absl::string_view::npos;
}

std::string TextProblem(absl::string_view text, TextRule rule) {
  if (text.size() > rule.max_bytes) {
    return absl::StrCat("is ", text.size(), " bytes long; at most ", rule.max_bytes,
                        " are allowed");
  }
  for (size_t at = 0; at < text.size();) {
    const std::optional<Decoded> decoded = DecodeAt(text, at);
    if (!decoded) return absl::StrCat("is not valid UTF-8 (at byte ", at, ")");
    const char32_t c = decoded->code_point;
    if (IsControl(c) && !(rule.multiline && (c == '\n' || c == '\t'))) {
      return absl::StrCat("must not contain control characters (", CodePointName(c), " at byte ",
                          at, ")");
    }
    if (IsBidiFormatting(c)) {
      return absl::StrCat("must not contain bidirectional formatting characters (",
                          CodePointName(c), " at byte ", at, ")");
    }
    at += decoded->length;
  }
  return "";
}

std::string QuoteForMessage(absl::string_view text) {
  std::string quoted = "'";
  size_t characters = 0;
  size_t at = 0;
  while (at < text.size() && characters < kMaxQuotedCharacters) {
    const std::optional<Decoded> decoded = DecodeAt(text, at);
    if (!decoded) {
      absl::StrAppend(&quoted, "\\x",
                      absl::Hex(static_cast<unsigned char>(text[at]), absl::kZeroPad2));
      ++at;
    } else if (IsControl(decoded->code_point) || IsBidiFormatting(decoded->code_point)) {
      absl::StrAppend(&quoted, "\\u{", absl::Hex(static_cast<uint32_t>(decoded->code_point)), "}");
      at += decoded->length;
    } else {
      absl::StrAppend(&quoted, text.substr(at, decoded->length));
      at += decoded->length;
    }
    ++characters;
  }
  quoted += "'";
  if (at < text.size()) absl::StrAppend(&quoted, "... (", text.size(), " bytes)");
  return quoted;
}

}  // namespace foi
