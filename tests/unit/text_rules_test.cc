#include "common/text_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace foi {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr TextRule kLine{.max_bytes = 20};
constexpr TextRule kLines{.max_bytes = 20, .multiline = true};

struct TextCase {
  const char* name;
  std::string text;
  TextRule rule;
  const char* problem_part;  // empty: the text meets the rule
};

void PrintTo(const TextCase& text_case, std::ostream* os) { *os << text_case.name; }

class TextProblemCase : public ::testing::TestWithParam<TextCase> {};

TEST_P(TextProblemCase, FindsExactlyTheProblem) {
  const std::string problem = TextProblem(GetParam().text, GetParam().rule);
  if (std::string(GetParam().problem_part).empty()) {
    EXPECT_THAT(problem, IsEmpty());
  } else {
    EXPECT_THAT(problem, HasSubstr(GetParam().problem_part));
  }
}

const TextCase kTextCases[] = {
    {"Plain", "Charged/summonsed", kLine, ""},
    {"Empty", "", kLine, ""},
    {"Accents", "Cl\xc3\xa9ment \xe2\x80\x93 d\xc3\xa9j\xc3\xa0", kLine, ""},
    {"ExactlyAtTheLimit", std::string(20, 'x'), kLine, ""},
    {"OverTheLimit", std::string(21, 'x'), kLine, "21 bytes long; at most 20"},
    {"Nul", std::string("a\0b", 3), kLine, "control characters (U+0000 at byte 1)"},
    {"Escape", "a\x1b[2Jb", kLine, "control characters (U+001B"},
    {"Delete", "a\x7f", kLine, "control characters (U+007F"},
    {"C1NextLine", "a\xc2\x85", kLine, "control characters (U+0085"},
    {"C1Csi", "a\xc2\x9b", kLine, "control characters (U+009B"},
    {"NewlineInOneLine", "a\nb", kLine, "control characters (U+000A"},
    {"NewlineAndTabInLines", "a\nb\tc", kLines, ""},
    {"CarriageReturnInLines", "a\r\nb", kLines, "control characters (U+000D"},
    {"RightToLeftOverride",
     "12\xe2\x80\xae"
     "34",
     kLine, "bidirectional formatting characters (U+202E"},
    {"LeftToRightEmbedding",
     "\xe2\x80\xaa"
     "1",
     kLine, "bidirectional formatting characters (U+202A"},
    {"PopIsolate", "1\xe2\x81\xa9", kLine, "bidirectional formatting characters (U+2069"},
    {"RightToLeftMark", "1\xe2\x80\x8f", kLine, "bidirectional formatting characters (U+200F"},
    {"ArabicLetterMark", "1\xd8\x9c", kLine, "bidirectional formatting characters (U+061C"},
    {"Windows1252Byte", "caf\xe9", kLine, "not valid UTF-8 (at byte 3)"},
    {"OverlongSlash", "\xc0\xaf", kLine, "not valid UTF-8"},
    {"Surrogate", "\xed\xa0\x80", kLine, "not valid UTF-8"},
    {"CutSequence", "ab\xe2\x80", kLine, "not valid UTF-8 (at byte 2)"},
};

INSTANTIATE_TEST_SUITE_P(Each, TextProblemCase, ::testing::ValuesIn(kTextCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(TextProblem, NamesBidiFormattingInFull) {
  EXPECT_EQ(TextProblem("\xe2\x80\xae", kLine),
            "must not contain bidirectional formatting characters (U+202E at byte 0)");
}

TEST(QuoteForMessage, QuotesShortTextWhole) {
  EXPECT_EQ(QuoteForMessage("lancashir"), "'lancashir'");
  EXPECT_EQ(QuoteForMessage("d\xc3\xa9j\xc3\xa0"), "'d\xc3\xa9j\xc3\xa0'");
}

TEST(QuoteForMessage, CutsLongTextAndSaysHowLongItWas) {
  const std::string quoted = QuoteForMessage(std::string(1 << 20, 'x'));
  EXPECT_EQ(quoted, "'" + std::string(kMaxQuotedCharacters, 'x') + "'... (1048576 bytes)");
}

TEST(QuoteForMessage, CountsCharactersNotBytes) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "\xc3\xa9";
  const std::string quoted = QuoteForMessage(text);
  EXPECT_THAT(quoted, HasSubstr("... (200 bytes)"));
  EXPECT_EQ(quoted.find('\xc3', 1 + 2 * kMaxQuotedCharacters), std::string::npos);
}

TEST(QuoteForMessage, EscapesWhatCouldHideOrForgeText) {
  EXPECT_EQ(QuoteForMessage(std::string("a\0b\n\x1b", 5)), "'a\\u{0}b\\u{a}\\u{1b}'");
  EXPECT_EQ(QuoteForMessage("1\xe2\x80\xae"
                            "2"),
            "'1\\u{202e}2'");
  EXPECT_EQ(QuoteForMessage("caf\xe9"), "'caf\\xe9'");
}

}  // namespace
}  // namespace foi
