#include "ingest-service/src/xlsx_cells.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/status_macros.h"
#include "ingest-service/src/xlsx_elements.h"
#include "ingest-service/src/xlsx_errors.h"
#include "ingest-service/src/xlsx_reader.h"
#include "ingest-service/src/xlsx_xml.h"

namespace foi::ingest {
namespace xlsx {
namespace {

// A cell's text as written in the XML, at most: enough for the longest text Excel writes with
// every character escaped (_x000D_), and for anything longer to be known too long.
constexpr size_t kMaxRawCellBytes = 8 * kMaxCellBytes;
// Counts whose entries are kept in memory: far beyond any real workbook, but bounded.
constexpr size_t kMaxSharedStrings = 1 << 24;
constexpr size_t kMaxStyles = 1 << 20;

static_assert(kMaxXlsxPartBytes < (int64_t{1} << 32), "shared string offsets are 32-bit");
// Text of the shared strings held at once, at most.
constexpr int64_t kMaxSharedStringBytes = int64_t{256} << 20;

void AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    *out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    *out += static_cast<char>(0xC0 | (code_point >> 6));
    *out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    *out += static_cast<char>(0xE0 | (code_point >> 12));
    *out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (code_point >> 18));
    *out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// The UTF-16 code unit of an _xHHHH_ escape at `at`, or nothing.
std::optional<uint32_t> EscapeAt(absl::string_view text, size_t at) {
  if (at + 7 > text.size() || text.substr(at, 2) != "_x" || text[at + 6] != '_') {
    return std::nullopt;
  }
  uint32_t unit = 0;
  for (char c : text.substr(at + 2, 4)) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    unit = unit * 16 + (absl::ascii_isdigit(c) ? c - '0' : absl::ascii_tolower(c) - 'a' + 10);
  }
  return unit;
}

// Built-in number formats 14-17, 22, 27-36 and 50-58 show dates (22 with a time). 18-21 and
// 45-47 show only a time or a duration (h:mm AM/PM, h:mm:ss AM/PM, h:mm, h:mm:ss, mm:ss,
// [h]:mm:ss, mmss.0), which read as their number.
bool IsBuiltInDateFormat(int id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

// Whether a custom number format shows a date: a y or d outside quoted text, [...] (colours,
// conditions, elapsed hours) and escaped characters. One with only hours, minutes and seconds
// shows a time or a duration, which reads as its number.
bool IsDateFormatCode(absl::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    switch (code[i]) {
      case '"':
        i = std::min(code.find('"', i + 1), code.size());
        break;
      case '[':
        i = std::min(code.find(']', i + 1), code.size());
        break;
      case '\\':  // the next character is literal
      case '_':   // the next character's width is left blank
      case '*':   // the next character fills the cell
        ++i;
        break;
      case 'y':
      case 'Y':
      case 'd':
      case 'D':
        return true;
      default:
        break;
    }
  }
  return false;
}

class SharedStringsReader : public XmlVisitor {
 public:
  SharedStringsReader(absl::string_view part, SharedStrings* strings)
      : part_(part), strings_(strings) {}

  void Start(absl::string_view name, XmlAttributes) override {
    if (elements_.Push(name) == Tag::kSharedString) text_.clear();
  }
  void End(absl::string_view) override {
    if (elements_.Pop() != Tag::kSharedString) return;
    if (strings_->size() >= kMaxSharedStrings) {
      Fail(
          TooLarge(absl::StrCat(Shorten(part_), " holds more than ", kMaxSharedStrings, " strings"),
                   kMaxXlsxPartBytes));
      return;
    }
    std::string decoded = DecodeEscapes(text_);
    // The strings are held in memory while the sheet is read: bounded apart from the part's
    // own limit, which a workbook of repeated text could otherwise reach.
    held_bytes_ += static_cast<int64_t>(decoded.size());
    if (held_bytes_ > kMaxSharedStringBytes) {
      Fail(TooLarge(absl::StrCat(Shorten(part_), " holds more than ", kMaxSharedStringBytes >> 20,
                                 " MiB of text"),
                    kMaxSharedStringBytes));
      return;
    }
    strings_->Add(std::move(decoded));
  }
  void Text(absl::string_view text) override {
    if (elements_.top() == Tag::kText) AppendRaw(text, &text_);
  }

 private:
  std::string part_;
  SharedStrings* strings_;
  ElementStack elements_;
  std::string text_;
  int64_t held_bytes_ = 0;
};

// Which cell styles (the `s` of a cell) show a date.
class StylesReader : public XmlVisitor {
 public:
  explicit StylesReader(absl::string_view part) : part_(part) {}

  void Start(absl::string_view name, XmlAttributes attributes) override {
    const Tag tag = elements_.Push(name);
    int id = 0;
    if (tag == Tag::kNumFmt && absl::SimpleAtoi(attributes.Get("numFmtId"), &id)) {
      custom_[id] = IsDateFormatCode(attributes.Get("formatCode"));
    } else if (tag == Tag::kXf) {
      if (formats_.size() >= kMaxStyles) {
        Fail(Unreadable(part_, "holds too many cell styles"));
        return;
      }
      if (!absl::SimpleAtoi(attributes.Get("numFmtId"), &id)) id = 0;
      formats_.push_back(id);
    }
  }
  void End(absl::string_view) override { elements_.Pop(); }

  std::vector<bool> DateStyles() const {
    std::vector<bool> dates;
    dates.reserve(formats_.size());
    for (int id : formats_) {
      const auto custom = custom_.find(id);
      dates.push_back(custom != custom_.end() ? custom->second : IsBuiltInDateFormat(id));
    }
    return dates;
  }

 private:
  std::string part_;
  ElementStack elements_;
  std::map<int, bool> custom_;  // numFmtId -> shows a date
  std::vector<int> formats_;    // cell style -> numFmtId
};

}  // namespace

bool ParseIndex(absl::string_view text, int64_t* index) {
  if (text.empty() || text.size() > 18) return false;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *index = value;
  return true;
}

bool ParseCellRef(absl::string_view ref, int* column, int64_t* row) {
  size_t letters = 0;
  int parsed_column = 0;
  while (letters < ref.size() && absl::ascii_isalpha(static_cast<unsigned char>(ref[letters]))) {
    if (letters == 3) return false;
    parsed_column = parsed_column * 26 + (absl::ascii_toupper(ref[letters]) - 'A' + 1);
    ++letters;
  }
  int64_t parsed_row = 0;
  if (letters == 0 || parsed_column > kMaxSheetColumns ||
      !ParseIndex(ref.substr(letters), &parsed_row) || parsed_row < 1 ||
      parsed_row > kMaxSheetRows) {
    return false;
  }
  *column = parsed_column;
  *row = parsed_row;
  return true;
}

std::string QuotedSheetName(absl::string_view sheet) {
  bool plain = !sheet.empty() && !absl::ascii_isdigit(static_cast<unsigned char>(sheet[0]));
  for (char c : sheet) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && !absl::ascii_isalnum(byte) && c != '_' && c != '.') plain = false;
  }
  if (plain) return std::string(sheet);
  return absl::StrCat("'", absl::StrReplaceAll(sheet, {{"'", "''"}}), "'");
}

std::string SheetRef(absl::string_view sheet, absl::string_view ref) {
  return absl::StrCat(QuotedSheetName(sheet), "!", ref);
}

std::string DecodeEscapes(absl::string_view text) {
  if (!absl::StrContains(text, "_x")) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const std::optional<uint32_t> unit = EscapeAt(text, i);
    if (!unit) {
      out += text[i++];
      continue;
    }
    uint32_t code_point = *unit;
    size_t length = 7;
    if (*unit >= 0xD800 && *unit <= 0xDBFF) {
      const std::optional<uint32_t> low = EscapeAt(text, i + 7);
      if (!low || *low < 0xDC00 || *low > 0xDFFF) {
        out += text[i++];  // half a character: left as written
        continue;
      }
      code_point = 0x10000 + ((*unit - 0xD800) << 10) + (*low - 0xDC00);
      length = 14;
    } else if (*unit >= 0xDC00 && *unit <= 0xDFFF) {
      out += text[i++];
      continue;
    }
    AppendUtf8(code_point, &out);
    i += length;
  }
  return out;
}

void AppendRaw(absl::string_view more, std::string* text) {
  if (text->size() > kMaxRawCellBytes) return;
  const absl::string_view kept = more.substr(0, kMaxRawCellBytes + 1 - text->size());
  text->append(kept.data(), kept.size());
}

std::string NumberText(double value) {
  constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53
  if (std::trunc(value) == value && std::fabs(value) <= kMaxExactInteger) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  char buffer[32];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::optional<absl::CivilDay> SerialDay(double serial, bool date1904) {
  const double day = std::floor(serial);
  if (date1904) {
    if (day < 0 || day > 2957003) return std::nullopt;  // 9999-12-31
    return absl::CivilDay(1904, 1, 1) + static_cast<int64_t>(day);
  }
  if (day < 0 || day > 2958465 || day == 60) return std::nullopt;
  return (day < 60 ? absl::CivilDay(1899, 12, 31) : absl::CivilDay(1899, 12, 30)) +
         static_cast<int64_t>(day);
}

// By hand: a sheet can hold millions.
std::string IsoDate(absl::CivilDay day) {
  char text[] = "0000-00-00";
  int64_t year = day.year();
  for (int i = 3; i >= 0; --i, year /= 10) text[i] = static_cast<char>('0' + year % 10);
  text[5] = static_cast<char>('0' + day.month() / 10);
  text[6] = static_cast<char>('0' + day.month() % 10);
  text[8] = static_cast<char>('0' + day.day() / 10);
  text[9] = static_cast<char>('0' + day.day() % 10);
  return text;
}

absl::StatusOr<SharedStrings> ReadSharedStrings(Package& package, absl::string_view part) {
  SharedStrings strings;
  const std::string name = part.empty() ? "xl/sharedStrings.xml" : std::string(part);
  if (!package.Has(name)) return strings;
  SharedStringsReader reader(name, &strings);
  FOI_RETURN_IF_ERROR(package.ParseXml(name, reader));
  return strings;
}

absl::StatusOr<std::vector<bool>> ReadDateStyles(Package& package, absl::string_view part) {
  const std::string name = part.empty() ? "xl/styles.xml" : std::string(part);
  if (!package.Has(name)) return std::vector<bool>();
  StylesReader reader(name);
  FOI_RETURN_IF_ERROR(package.ParseXml(name, reader));
  return reader.DateStyles();
}

}  // namespace xlsx

std::string ColumnLetters(int column) {
  std::string letters;
  for (; column > 0; column = (column - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (column - 1) % 26));
  }
  return letters;
}

std::string CellName(int column, int64_t row) { return absl::StrCat(ColumnLetters(column), row); }

}  // namespace foi::ingest
