// File: common/text_rules.h
//
// The one rule every text field of every request meets, and the one way client text is quoted
// back in an error message.
//
// A field must be valid UTF-8 of at most `max_bytes` bytes, without control characters (C0,
// DEL and C1; a multi-line field may hold line feeds and tabs) and without the bidirectional
// formatting characters that make text display in another order than it is stored (a figure
// could then read differently from how it is kept).
//
//   if (std::string problem = TextProblem(request.reason(), kReasonText); !problem.empty())
//     violations.push_back({"reason", problem});
//   ... absl::StrCat("unknown force ", QuoteForMessage(force_id)) ...
#pragma once

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace foi {

struct TextRule {
  size_t max_bytes = 0;
  bool multiline = false;  // line feeds and tabs allowed
};

// Ids of forces, offences, returns and requests.
inline constexpr TextRule kIdentifierText{.max_bytes = 100};
inline constexpr TextRule kReferenceText{.max_bytes = 200};
inline constexpr TextRule kLabelText{.max_bytes = 300};
inline constexpr TextRule kSourceText{.max_bytes = 300};
inline constexpr TextRule kReasonText{.max_bytes = 1000, .multiline = true};
inline constexpr TextRule kPageTokenText{.max_bytes = 200};

// Why `text` breaks `rule` ("must not contain control characters (U+0000 at byte 4)"), or
// empty when it meets it.
std::string TextProblem(absl::string_view text, TextRule rule);

// Where `text` stops being well-formed UTF-8 (overlong forms and surrogates included): the
// byte offset, or absl::string_view::npos when all of it is.
size_t FirstInvalidUtf8Byte(absl::string_view text);

// Client text for an error message: in single quotes, cut to kMaxQuotedCharacters characters
// (then followed by "..." and the full length), with anything unprintable escaped, so an echoed
// value can neither swamp the message nor hide in it.
inline constexpr size_t kMaxQuotedCharacters = 60;
std::string QuoteForMessage(absl::string_view text);

}  // namespace foi
