#include "ingest-service/src/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "common/error_info.h"
#include "common/field_violations.h"
#include "common/status_macros.h"

namespace foi::ingest {
namespace {

// Excel's own limits: a sheet has rows 1 to 1048576 and columns A to XFD.
constexpr int64_t kMaxSheetRows = 1048576;
constexpr int kMaxSheetColumns = 16384;
// A cell's text, at most (as the CSV reader's field).
constexpr size_t kMaxCellBytes = CsvReader::kMaxFieldBytes;
// A cell's text as written in the XML, at most: enough for the longest text Excel writes with
// every character escaped (_x000D_), and for anything longer to be known too long.
constexpr size_t kMaxRawCellBytes = 8 * kMaxCellBytes;
constexpr size_t kReadChunkBytes = 64 * 1024;
// All the parts read, together: the sheet is read twice, and other parts besides, but a
// workbook whose parts all point at one zip bomb still ends.
constexpr int64_t kMaxInflatedBytes = 3 * kMaxXlsxPartBytes;
// The text of the records given, at most (as large as the largest CSV file taken): a small
// sheet repeating a long shared string, or merging a cell over a million rows, would otherwise
// make far more text than it holds.
constexpr int64_t kMaxRecordBytes = kMaxXlsxPartBytes;
// Expat holds a whole tag, comment or declaration in memory, and scans it again with every
// chunk, before reporting it: a part without any event for this long is refused rather than
// buffered. (Text is reported as it comes, so a long cell is no such token.)
constexpr int64_t kMaxXmlTokenBytes = 1 << 20;
constexpr int kMaxXmlDepth = 256;
// Counts whose entries are kept in memory: far beyond any real workbook, but bounded.
constexpr int64_t kMaxZipEntries = 100000;
constexpr size_t kMaxSheets = 10000;
constexpr size_t kMaxRelationships = 100000;
constexpr size_t kMaxSharedStrings = 1 << 24;
constexpr size_t kMaxStyles = 1 << 20;
constexpr size_t kMaxMergedRanges = 1 << 20;
constexpr size_t kMaxCommentRefs = 1 << 20;
constexpr size_t kMaxSheetNameBytes = 255;
// Hidden-content findings listed; more are only counted.
constexpr size_t kMaxFindings = 100;
// The part of the refusal's message that lists findings, at most (gRPC trailers are small).
constexpr size_t kFindingsMessageBudget = 1000;

static_assert(kMaxXlsxPartBytes < (int64_t{1} << 32), "shared string offsets are 32-bit");

// ---- Errors ----

// Untrusted text (a part's name, a cell reference) shortened for a message.
std::string Shorten(absl::string_view text) {
  constexpr size_t kMax = 300;
  if (text.size() <= kMax) return std::string(text);
  size_t end = kMax;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), "...");
}

// FILE_INVALID: the file cannot be read as a workbook. `where` names the part or cell.
absl::Status Unreadable(absl::string_view where, absl::string_view why) {
  return InvalidArgumentWithViolations("the file is not a readable .xlsx workbook",
                                       {{Shorten(where), std::string(why)}}, "FILE_INVALID");
}

// FILE_INVALID: a cell the import cannot take.
absl::Status BadCell(absl::string_view cell, absl::string_view why) {
  return InvalidArgumentWithViolations("the workbook cannot be imported",
                                       {{Shorten(cell), std::string(why)}}, "FILE_INVALID");
}

absl::Status TooLarge(absl::string_view message, int64_t max_bytes) {
  return WithReason(absl::InvalidArgumentError(message), "FILE_TOO_LARGE",
                    {{"max_bytes", absl::StrCat(max_bytes)}});
}

// ---- Names and references ----

// A sheet's name as a reference writes it: 'Sheet 1'!A1, but Reply!A1.
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

// A non-negative whole number of at most 18 digits; false for anything else.
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

// "AB12" -> column 28, row 12. False for anything else, or beyond Excel's last cell.
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

// An XML boolean attribute.
bool IsTrue(absl::string_view value) { return value == "1" || value == "true"; }

// A row height or column width of zero hides the row or column as surely as "hidden".
bool IsZeroSize(absl::string_view value) {
  double size = 0;
  return !value.empty() && absl::SimpleAtod(value, &size) && size == 0;
}

// ---- Cell values ----

// A value Excel shows as a whole number is written as one; others in the shortest text that
// reads back as the same double.
std::string NumberText(double value) {
  constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53
  if (std::trunc(value) == value && std::fabs(value) <= kMaxExactInteger) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  char buffer[32];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// The day of a date serial, or nothing when the serial is no day Excel shows. The 1900 system
// counts Excel's fictitious 1900-02-29 as day 60, so days after it are one off.
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

// Whether a custom number format shows a date: a y or d outside quoted text, [...] (colours,
// conditions, elapsed hours) and escaped characters.
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

// "2020-01-31", by hand: a sheet can hold millions. The years of serials are 1899 to 9999.
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

bool IsBuiltInDateFormat(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

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

// Excel writes characters XML cannot hold (control characters) as _xHHHH_, the UTF-16 code
// unit in hex, and an underscore that would read as such an escape as _x005F_.
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

// Appends to a cell's text as written, up to the most that can still be a cell's text.
void AppendRaw(absl::string_view more, std::string* text) {
  if (text->size() > kMaxRawCellBytes) return;
  const absl::string_view kept = more.substr(0, kMaxRawCellBytes + 1 - text->size());
  text->append(kept.data(), kept.size());
}

// ---- XML ----

absl::string_view LocalName(const XML_Char* name) {
  const XML_Char* local = name;
  const XML_Char* end = name;
  for (; *end != '\0'; ++end) {
    if (*end == ':') local = end + 1;
  }
  return absl::string_view(local, static_cast<size_t>(end - local));
}

// The attribute of local name `name`, or "" when there is none.
absl::string_view Attribute(const XML_Char** attributes, absl::string_view name) {
  for (; *attributes != nullptr; attributes += 2) {
    if (LocalName(attributes[0]) == name) return attributes[1];
  }
  return {};
}

// What a part's reader is told, element by element. Names are local: writers differ in the
// namespace prefix they use ("x:c" or "c"), never in the local name.
class XmlVisitor {
 public:
  virtual ~XmlVisitor() = default;
  virtual void Start(absl::string_view name, const XML_Char** attributes) = 0;
  virtual void End(absl::string_view name) { (void)name; }
  virtual void Text(absl::string_view text) { (void)text; }

  // Reading stops once the visitor failed or needs nothing more.
  bool stopped() const { return !status_.ok() || done_; }
  const absl::Status& status() const { return status_; }

 protected:
  void Fail(absl::Status status) {
    if (status_.ok()) status_ = std::move(status);
  }
  void Done() { done_ = true; }

 private:
  absl::Status status_;
  bool done_ = false;
};

// The elements the readers below tell apart; every other element is kOther.
enum class Tag : uint8_t {
  kOther,
  kSheetData,
  kRow,
  kCell,
  kValue,
  kInlineString,
  kRun,
  kText,
  kCols,
  kCol,
  kMergeCells,
  kMergeCell,
  kSharedString,
  kNumFmts,
  kNumFmt,
  kCellXfs,
  kXf,
};

Tag TagNamed(absl::string_view name) {
  switch (name.size()) {
    case 1:
      if (name == "c") return Tag::kCell;
      if (name == "v") return Tag::kValue;
      if (name == "t") return Tag::kText;
      if (name == "r") return Tag::kRun;
      break;
    case 2:
      if (name == "is") return Tag::kInlineString;
      if (name == "si") return Tag::kSharedString;
      if (name == "xf") return Tag::kXf;
      break;
    case 3:
      if (name == "row") return Tag::kRow;
      if (name == "col") return Tag::kCol;
      break;
    case 4:
      if (name == "cols") return Tag::kCols;
      break;
    case 6:
      if (name == "numFmt") return Tag::kNumFmt;
      break;
    case 7:
      if (name == "numFmts") return Tag::kNumFmts;
      if (name == "cellXfs") return Tag::kCellXfs;
      break;
    case 9:
      if (name == "sheetData") return Tag::kSheetData;
      if (name == "mergeCell") return Tag::kMergeCell;
      break;
    case 10:
      if (name == "mergeCells") return Tag::kMergeCells;
      break;
    default:
      break;
  }
  return Tag::kOther;
}

// The elements open at the current point of a part. An element counts as what its name says
// only where the format puts it: a "c" outside a row, or the "t" of a phonetic reading (inside
// "rPh"), is something else.
class ElementStack {
 public:
  Tag Push(absl::string_view name) {
    Tag tag = TagNamed(name);
    if (tag != Tag::kOther && !Fits(tag)) tag = Tag::kOther;
    tags_.push_back(tag);
    return tag;
  }
  Tag Pop() {
    const Tag tag = top();
    if (!tags_.empty()) tags_.pop_back();
    return tag;
  }
  Tag top() const { return tags_.empty() ? Tag::kOther : tags_.back(); }

 private:
  Tag Up(size_t levels) const {
    return tags_.size() < levels ? Tag::kOther : tags_[tags_.size() - levels];
  }
  static bool IsString(Tag tag) { return tag == Tag::kInlineString || tag == Tag::kSharedString; }

  bool Fits(Tag tag) const {
    const Tag parent = Up(1);
    switch (tag) {
      case Tag::kSheetData:
      case Tag::kCols:
      case Tag::kMergeCells:
      case Tag::kSharedString:
      case Tag::kNumFmts:
      case Tag::kCellXfs:
        return tags_.size() == 1;  // children of the part's root
      case Tag::kRow:
        return parent == Tag::kSheetData;
      case Tag::kCell:
        return parent == Tag::kRow;
      case Tag::kValue:
      case Tag::kInlineString:
        return parent == Tag::kCell;
      case Tag::kRun:
        return IsString(parent);
      case Tag::kText:
        return IsString(parent) || (parent == Tag::kRun && IsString(Up(2)));
      case Tag::kCol:
        return parent == Tag::kCols;
      case Tag::kMergeCell:
        return parent == Tag::kMergeCells;
      case Tag::kNumFmt:
        return parent == Tag::kNumFmts;
      case Tag::kXf:
        return parent == Tag::kCellXfs;
      case Tag::kOther:
        break;
    }
    return false;
  }

  std::vector<Tag> tags_;
};

// Runs one part's XML through a visitor, refusing what a workbook never holds: a DOCTYPE (and
// so any entity declaration), deep nesting, and single tokens too large to buffer.
class XmlParser {
 public:
  XmlParser(absl::string_view part, XmlVisitor* visitor)
      : part_(part), visitor_(visitor), parser_(XML_ParserCreate(nullptr)) {
    if (parser_ == nullptr) return;
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XmlParser::OnStart, &XmlParser::OnEnd);
    XML_SetCharacterDataHandler(parser_, &XmlParser::OnText);
    XML_SetStartDoctypeDeclHandler(parser_, &XmlParser::OnDoctype);
    // Comments and processing instructions mean nothing here, but are events all the same.
    XML_SetCommentHandler(parser_, &XmlParser::OnComment);
    XML_SetProcessingInstructionHandler(parser_, &XmlParser::OnInstruction);
  }
  ~XmlParser() {
    if (parser_ != nullptr) XML_ParserFree(parser_);
  }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  // Where the caller puts the next `size` bytes; null when the parser cannot take them.
  void* Buffer(int size) { return parser_ == nullptr ? nullptr : XML_GetBuffer(parser_, size); }

  // Parses the `size` bytes put in Buffer(). Not OK when the part cannot be read; `*stop` when
  // reading should end (the visitor needs nothing more, or an error).
  absl::Status Parse(int size, bool last, bool* stop) {
    fed_ += size;
    const XML_Status result = XML_ParseBuffer(parser_, size, last);
    *stop = true;
    if (!own_error_.empty()) return Unreadable(part_, own_error_);
    if (!visitor_->status().ok()) return visitor_->status();
    if (visitor_->stopped()) return absl::OkStatus();
    if (result != XML_STATUS_OK) {
      return Unreadable(
          part_, absl::StrCat("not well-formed XML: ", XML_ErrorString(XML_GetErrorCode(parser_)),
                              " at line ", XML_GetCurrentLineNumber(parser_)));
    }
    if (fed_ - last_event_ > kMaxXmlTokenBytes) {
      return Unreadable(part_, absl::StrCat("holds an XML token of over ", kMaxXmlTokenBytes,
                                            " bytes, which no workbook does"));
    }
    *stop = last;
    return absl::OkStatus();
  }

 private:
  static XmlParser* Of(void* data) { return static_cast<XmlParser*>(data); }

  // Before each event: false when reading has stopped. Expat can report an event or two after
  // XML_StopParser.
  bool Event() {
    if (!own_error_.empty() || visitor_->stopped()) return false;
    last_event_ = XML_GetCurrentByteIndex(parser_);
    return true;
  }
  void StopIfDone() {
    if (!own_error_.empty() || visitor_->stopped()) XML_StopParser(parser_, XML_FALSE);
  }

  static void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
    XmlParser* self = Of(data);
    if (!self->Event()) return;
    if (++self->depth_ > kMaxXmlDepth) {
      self->own_error_ = absl::StrCat("nests elements over ", kMaxXmlDepth, " deep");
    } else {
      self->visitor_->Start(LocalName(name), attributes);
    }
    self->StopIfDone();
  }
  static void XMLCALL OnEnd(void* data, const XML_Char* name) {
    XmlParser* self = Of(data);
    if (!self->Event()) return;
    --self->depth_;
    self->visitor_->End(LocalName(name));
    self->StopIfDone();
  }
  static void XMLCALL OnText(void* data, const XML_Char* text, int length) {
    XmlParser* self = Of(data);
    if (!self->Event()) return;
    self->visitor_->Text(absl::string_view(text, static_cast<size_t>(length)));
    self->StopIfDone();
  }
  static void XMLCALL OnComment(void* data, const XML_Char*) { Of(data)->Event(); }
  static void XMLCALL OnInstruction(void* data, const XML_Char*, const XML_Char*) {
    Of(data)->Event();
  }
  static void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*,
                                int) {
    XmlParser* self = Of(data);
    self->own_error_ = "declares a DOCTYPE, which no workbook does";
    XML_StopParser(self->parser_, XML_FALSE);
  }

  std::string part_;
  XmlVisitor* visitor_;
  XML_Parser parser_;
  std::string own_error_;
  int depth_ = 0;
  int64_t fed_ = 0;
  int64_t last_event_ = 0;
};

// ---- The ZIP archive ----

struct ZipDiscard {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
struct ZipClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

// An .xlsx file's parts, read in place from the caller's bytes.
class Archive {
 public:
  static absl::StatusOr<std::unique_ptr<Archive>> Open(absl::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* zip = source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY, &error);
    if (zip == nullptr) {
      const std::string why = zip_error_strerror(&error);
      zip_error_fini(&error);
      if (source != nullptr) zip_source_free(source);
      return Unreadable("file", absl::StrCat("not a readable ZIP archive (", why, ")"));
    }
    zip_error_fini(&error);
    auto archive = std::unique_ptr<Archive>(new Archive(zip));
    const zip_int64_t entries = zip_get_num_entries(zip, 0);
    if (entries > kMaxZipEntries) {
      return Unreadable("file",
                        absl::StrCat("holds ", entries, " parts; a workbook has far fewer"));
    }
    for (zip_int64_t i = 0; i < entries; ++i) {
      const char* name = zip_get_name(zip, static_cast<zip_uint64_t>(i), 0);
      if (name == nullptr) continue;
      archive->names_.emplace_back(name);
      archive->index_.try_emplace(absl::AsciiStrToLower(name), i);
    }
    return archive;
  }

  // Part names, as the archive spells them.
  const std::vector<std::string>& names() const { return names_; }

  // Whether the archive holds `part` (part names ignore case).
  bool Has(absl::string_view part) const { return Find(part) >= 0; }

  // Reads `part` through `visitor`, inflating it in chunks.
  absl::Status ParseXml(absl::string_view part, XmlVisitor& visitor) {
    const zip_int64_t index = Find(part);
    if (index < 0) return Unreadable(part, "missing");
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(zip_.get(), index, 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) != 0 &&
        stat.size > static_cast<zip_uint64_t>(kMaxXlsxPartBytes)) {
      return PartTooLarge(part);
    }
    const std::unique_ptr<zip_file_t, ZipClose> file(zip_fopen_index(zip_.get(), index, 0));
    if (file == nullptr) {
      return Unreadable(part, absl::StrCat("cannot be unpacked (", zip_strerror(zip_.get()), ")"));
    }
    XmlParser parser(part, &visitor);
    int64_t part_bytes = 0;
    for (bool stop = false; !stop;) {
      void* buffer = parser.Buffer(static_cast<int>(kReadChunkBytes));
      if (buffer == nullptr) return Unreadable(part, "cannot be parsed (out of memory)");
      const zip_int64_t read = zip_fread(file.get(), buffer, kReadChunkBytes);
      if (read < 0) {
        return Unreadable(part,
                          absl::StrCat("cannot be unpacked (", zip_file_strerror(file.get()), ")"));
      }
      part_bytes += read;
      inflated_ += read;
      if (part_bytes > kMaxXlsxPartBytes) return PartTooLarge(part);
      if (inflated_ > kMaxInflatedBytes) {
        return TooLarge(absl::StrCat("the workbook's parts inflate to more than ",
                                     kMaxInflatedBytes, " bytes together"),
                        kMaxInflatedBytes);
      }
      FOI_RETURN_IF_ERROR(parser.Parse(static_cast<int>(read), read == 0, &stop));
    }
    return absl::OkStatus();
  }

 private:
  explicit Archive(zip_t* zip) : zip_(zip) {}

  zip_int64_t Find(absl::string_view part) const {
    const auto it = index_.find(absl::AsciiStrToLower(part));
    return it == index_.end() ? -1 : it->second;
  }

  static absl::Status PartTooLarge(absl::string_view part) {
    return TooLarge(absl::StrCat(Shorten(part), " inflates to more than ", kMaxXlsxPartBytes,
                                 " bytes, the most one part of a workbook may"),
                    kMaxXlsxPartBytes);
  }

  std::unique_ptr<zip_t, ZipDiscard> zip_;
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, zip_int64_t> index_;  // by lower-case name
  int64_t inflated_ = 0;
};

// ---- Relationships: how parts name each other ----

struct Relationship {
  std::string id;
  std::string type;
  std::string part;  // the target, as a part name; empty for an external target
};

// The folder of a part, with its final '/': "xl/" for "xl/workbook.xml".
absl::string_view FolderOf(absl::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == absl::string_view::npos ? absl::string_view() : part.substr(0, slash + 1);
}

// The part a relationship's target names: relative to the source part's folder, or absolute.
std::string ResolveTarget(absl::string_view source_part, absl::string_view target) {
  const std::string path = absl::StartsWith(target, "/")
                               ? std::string(target.substr(1))
                               : absl::StrCat(FolderOf(source_part), target);
  std::vector<absl::string_view> segments;
  for (absl::string_view segment : absl::StrSplit(path, '/')) {
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
  }
  return absl::StrJoin(segments, "/");
}

// The relationships part of a part: xl/_rels/workbook.xml.rels for xl/workbook.xml.
std::string RelationshipsPartOf(absl::string_view part) {
  const absl::string_view folder = FolderOf(part);
  return absl::StrCat(folder, "_rels/", part.substr(folder.size()), ".rels");
}

class RelationshipsReader : public XmlVisitor {
 public:
  RelationshipsReader(absl::string_view source_part, absl::string_view rels_part)
      : source_part_(source_part), rels_part_(rels_part) {}

  void Start(absl::string_view name, const XML_Char** attributes) override {
    if (name != "Relationship") return;
    if (relationships_.size() >= kMaxRelationships) {
      Fail(Unreadable(rels_part_, "holds too many relationships"));
      return;
    }
    Relationship relationship{std::string(Attribute(attributes, "Id")),
                              std::string(Attribute(attributes, "Type")), ""};
    if (Attribute(attributes, "TargetMode") != "External") {
      relationship.part = ResolveTarget(source_part_, Attribute(attributes, "Target"));
    }
    relationships_.push_back(std::move(relationship));
  }

  std::vector<Relationship> relationships_;

 private:
  std::string source_part_;
  std::string rels_part_;
};

// The relationships of `part`; none when it has no relationships part.
absl::StatusOr<std::vector<Relationship>> ReadRelationships(Archive& archive,
                                                            absl::string_view part) {
  const std::string rels_part = RelationshipsPartOf(part);
  if (!archive.Has(rels_part)) return std::vector<Relationship>();
  RelationshipsReader reader(part, rels_part);
  FOI_RETURN_IF_ERROR(archive.ParseXml(rels_part, reader));
  return std::move(reader.relationships_);
}

// The part a relationship of type ".../`type`" names, or "".
std::string PartOfType(const std::vector<Relationship>& relationships, absl::string_view type) {
  for (const Relationship& relationship : relationships) {
    if (absl::EndsWith(relationship.type, absl::StrCat("/", type))) return relationship.part;
  }
  return "";
}

// ---- The workbook ----

struct SheetInfo {
  std::string name;
  bool hidden = false;
  bool very_hidden = false;
  // Not a chart sheet or a dialog sheet. A sheet the workbook does not say where to find counts
  // as a worksheet, so that naming it says the workbook is broken.
  bool worksheet = true;
  std::string relationship_id;
  std::string part;  // empty when the workbook does not say where the sheet is
};

struct Workbook {
  std::string part;
  std::vector<SheetInfo> sheets;
  bool date1904 = false;
  bool pivot_caches = false;
  std::string shared_strings_part;
  std::string styles_part;
};

class WorkbookReader : public XmlVisitor {
 public:
  explicit WorkbookReader(Workbook* workbook) : workbook_(workbook) {}

  void Start(absl::string_view name, const XML_Char** attributes) override {
    if (name == "sheet") {
      AddSheet(attributes);
    } else if (name == "workbookPr") {
      workbook_->date1904 = IsTrue(Attribute(attributes, "date1904"));
    } else if (name == "pivotCaches") {
      workbook_->pivot_caches = true;
    }
  }

 private:
  void AddSheet(const XML_Char** attributes) {
    SheetInfo sheet;
    sheet.name = std::string(Attribute(attributes, "name"));
    if (sheet.name.size() > kMaxSheetNameBytes) {
      Fail(Unreadable(workbook_->part, absl::StrCat("names a sheet in over ", kMaxSheetNameBytes,
                                                    " bytes; Excel allows 31 characters")));
      return;
    }
    if (workbook_->sheets.size() >= kMaxSheets) {
      Fail(Unreadable(workbook_->part, "lists too many sheets"));
      return;
    }
    // Any state but "visible" hides the sheet: hidden, veryHidden, or one not known.
    const absl::string_view state = Attribute(attributes, "state");
    sheet.very_hidden = state == "veryHidden";
    sheet.hidden = !state.empty() && state != "visible";
    sheet.relationship_id = std::string(Attribute(attributes, "id"));
    workbook_->sheets.push_back(std::move(sheet));
  }

  Workbook* workbook_;
};

absl::StatusOr<Workbook> ReadWorkbook(Archive& archive) {
  Workbook workbook;
  // The package's relationships say where the workbook is; writers all put it here.
  FOI_ASSIGN_OR_RETURN(const std::vector<Relationship> package, ReadRelationships(archive, ""));
  workbook.part = PartOfType(package, "officeDocument");
  if (workbook.part.empty() || !archive.Has(workbook.part)) workbook.part = "xl/workbook.xml";
  if (!archive.Has(workbook.part)) {
    return Unreadable(workbook.part, "missing: the file is a ZIP archive, but not a workbook");
  }
  WorkbookReader reader(&workbook);
  FOI_RETURN_IF_ERROR(archive.ParseXml(workbook.part, reader));

  FOI_ASSIGN_OR_RETURN(const std::vector<Relationship> relationships,
                       ReadRelationships(archive, workbook.part));
  for (SheetInfo& sheet : workbook.sheets) {
    for (const Relationship& relationship : relationships) {
      if (relationship.id != sheet.relationship_id) continue;
      sheet.part = relationship.part;
      sheet.worksheet = absl::EndsWith(relationship.type, "/worksheet");
    }
  }
  workbook.shared_strings_part = PartOfType(relationships, "sharedStrings");
  workbook.styles_part = PartOfType(relationships, "styles");
  return workbook;
}

// The names of the visible sheets, for a message.
std::string VisibleSheetNames(const Workbook& workbook) {
  constexpr size_t kMaxListed = 20;
  std::vector<std::string> names;
  size_t visible = 0;
  for (const SheetInfo& sheet : workbook.sheets) {
    if (sheet.hidden || !sheet.worksheet) continue;
    if (++visible <= kMaxListed) names.push_back(absl::StrCat("\"", sheet.name, "\""));
  }
  if (names.empty()) return "no sheet is visible";
  std::string text = absl::StrCat("the visible sheets are ", absl::StrJoin(names, ", "));
  if (visible > kMaxListed) absl::StrAppend(&text, " and ", visible - kMaxListed, " more");
  return text;
}

absl::StatusOr<const SheetInfo*> ChooseSheet(const Workbook& workbook, absl::string_view name) {
  const SheetInfo* chosen = nullptr;
  for (const SheetInfo& sheet : workbook.sheets) {
    if (name.empty() ? !sheet.hidden && sheet.worksheet : sheet.name == name) {
      chosen = &sheet;
      break;
    }
  }
  // Excel's sheet names ignore case: "reply" can only mean "Reply".
  for (size_t i = 0; chosen == nullptr && !name.empty() && i < workbook.sheets.size(); ++i) {
    if (absl::EqualsIgnoreCase(workbook.sheets[i].name, name)) chosen = &workbook.sheets[i];
  }
  if (name.empty() && chosen == nullptr) {
    return Unreadable(workbook.part, "has no visible sheet to read");
  }
  if (chosen == nullptr || (!chosen->hidden && !chosen->worksheet)) {
    return WithReason(absl::InvalidArgumentError(
                          absl::StrCat("the workbook has no sheet of cells named \"", Shorten(name),
                                       "\"; ", VisibleSheetNames(workbook))),
                      "SHEET_NOT_FOUND", {{"sheet", Shorten(name)}});
  }
  if (chosen->hidden) {
    return WithReason(
        absl::InvalidArgumentError(absl::StrCat("sheet \"", chosen->name,
                                                "\" is hidden, and hidden sheets are never read; ",
                                                VisibleSheetNames(workbook))),
        "SHEET_HIDDEN", {{"sheet", chosen->name}});
  }
  return chosen;
}

// ---- Shared strings and styles ----

// The workbook's shared strings, in one buffer: a sheet can have millions.
class SharedStrings {
 public:
  size_t size() const { return ends_.size(); }
  absl::string_view operator[](size_t index) const {
    const uint32_t begin = index == 0 ? 0 : ends_[index - 1];
    return absl::string_view(text_).substr(begin, ends_[index] - begin);
  }
  // A string over kMaxCellBytes is kept cut to just over it: enough to refuse it.
  void Add(absl::string_view text) {
    const absl::string_view kept = text.substr(0, kMaxCellBytes + 1);
    text_.append(kept.data(), kept.size());
    ends_.push_back(static_cast<uint32_t>(text_.size()));
  }

 private:
  std::string text_;
  std::vector<uint32_t> ends_;
};

class SharedStringsReader : public XmlVisitor {
 public:
  SharedStringsReader(absl::string_view part, SharedStrings* strings)
      : part_(part), strings_(strings) {}

  void Start(absl::string_view name, const XML_Char**) override {
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
    strings_->Add(DecodeEscapes(text_));
  }
  void Text(absl::string_view text) override {
    if (elements_.top() == Tag::kText) AppendRaw(text, &text_);
  }

 private:
  std::string part_;
  SharedStrings* strings_;
  ElementStack elements_;
  std::string text_;
};

absl::StatusOr<SharedStrings> ReadSharedStrings(Archive& archive, const Workbook& workbook) {
  SharedStrings strings;
  std::string part = workbook.shared_strings_part;
  if (part.empty()) part = "xl/sharedStrings.xml";
  if (!archive.Has(part)) return strings;
  SharedStringsReader reader(part, &strings);
  FOI_RETURN_IF_ERROR(archive.ParseXml(part, reader));
  return strings;
}

// Which cell styles (the `s` of a cell) show a date.
class StylesReader : public XmlVisitor {
 public:
  explicit StylesReader(absl::string_view part) : part_(part) {}

  void Start(absl::string_view name, const XML_Char** attributes) override {
    const Tag tag = elements_.Push(name);
    int id = 0;
    if (tag == Tag::kNumFmt && absl::SimpleAtoi(Attribute(attributes, "numFmtId"), &id)) {
      custom_[id] = IsDateFormatCode(Attribute(attributes, "formatCode"));
    } else if (tag == Tag::kXf) {
      if (formats_.size() >= kMaxStyles) {
        Fail(Unreadable(part_, "holds too many cell styles"));
        return;
      }
      if (!absl::SimpleAtoi(Attribute(attributes, "numFmtId"), &id)) id = 0;
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

absl::StatusOr<std::vector<bool>> ReadDateStyles(Archive& archive, const Workbook& workbook) {
  std::string part = workbook.styles_part;
  if (part.empty()) part = "xl/styles.xml";
  if (!archive.Has(part)) return std::vector<bool>();
  StylesReader reader(part);
  FOI_RETURN_IF_ERROR(archive.ParseXml(part, reader));
  return reader.DateStyles();
}

// ---- Hidden content ----

// One place holding content a reader of the sheet would not see. Never the content itself.
struct Finding {
  std::string field;        // where: "Reply!4:4", "Workings"
  std::string description;  // what, for the field violation
  std::string sentence;     // both, for the message
};

class Findings {
 public:
  void Add(Finding finding) {
    ++count_;
    if (kept_.size() < kMaxFindings) kept_.push_back(std::move(finding));
  }
  // Findings known only by their number (beyond those a scan kept).
  void AddUnlisted(int64_t count) { count_ += count; }

  bool empty() const { return count_ == 0; }

  // FAILED_PRECONDITION (HIDDEN_CONTENT) naming the findings, as field violations and in the
  // message, as far as each has room.
  absl::Status Refusal(absl::string_view sheet) const {
    std::vector<FieldViolation> violations;
    for (const Finding& finding : kept_) violations.push_back({finding.field, finding.description});
    const int64_t unlisted = count_ - static_cast<int64_t>(kept_.size());
    if (unlisted > 0) violations.push_back({"more", absl::StrCat("and ", unlisted, " more")});

    std::string list;
    size_t listed = 0;
    for (const Finding& finding : kept_) {
      if (list.size() + finding.sentence.size() > kFindingsMessageBudget) break;
      absl::StrAppend(&list, listed == 0 ? "" : "; ", finding.sentence);
      ++listed;
    }
    if (static_cast<int64_t>(listed) < count_) {
      absl::StrAppend(&list, "; and ", count_ - static_cast<int64_t>(listed), " more");
    }
    absl::Status status = absl::FailedPreconditionError(
        absl::StrCat("the workbook holds content a reader of sheet ", sheet,
                     " would not see, so nothing was imported: ", list,
                     ". Remove it, or import with allow_hidden_content"));
    // The details (field violations and reason) are made as for any invalid field.
    const absl::Status details = InvalidArgumentWithViolations("", violations, "HIDDEN_CONTENT");
    details.ForEachPayload([&status](absl::string_view type_url, const absl::Cord& payload) {
      status.SetPayload(type_url, payload);
    });
    return status;
  }

 private:
  std::vector<Finding> kept_;
  int64_t count_ = 0;
};

// Whether a sheet holds any value at all: it stops at the first.
class AnyValueReader : public XmlVisitor {
 public:
  void Start(absl::string_view name, const XML_Char**) override {
    const Tag tag = elements_.Push(name);
    if (tag == Tag::kValue || tag == Tag::kInlineString) {
      found_ = true;
      Done();
    }
  }
  void End(absl::string_view) override { elements_.Pop(); }
  bool found() const { return found_; }

 private:
  ElementStack elements_;
  bool found_ = false;
};

absl::Status FindHiddenSheetValues(Archive& archive, const Workbook& workbook, Findings* findings) {
  std::map<std::string, bool> part_has_values;  // a part two sheets share is read once
  for (const SheetInfo& sheet : workbook.sheets) {
    if (!sheet.hidden || sheet.part.empty() || !archive.Has(sheet.part)) continue;
    const std::string key = absl::AsciiStrToLower(sheet.part);
    if (!part_has_values.count(key)) {
      AnyValueReader reader;
      FOI_RETURN_IF_ERROR(archive.ParseXml(sheet.part, reader));
      part_has_values[key] = reader.found();
    }
    if (!part_has_values[key]) continue;
    const absl::string_view how = sheet.very_hidden ? "very hidden" : "hidden";
    findings->Add({sheet.name, absl::StrCat(how, " sheet holding values"),
                   absl::StrCat("sheet ", sheet.name, " (", how, ") holds values")});
  }
  return absl::OkStatus();
}

// The cells comments are attached to (notes, and threaded comments with their replies).
class CommentsReader : public XmlVisitor {
 public:
  explicit CommentsReader(std::vector<std::pair<int64_t, int>>* cells) : cells_(cells) {}

  void Start(absl::string_view name, const XML_Char** attributes) override {
    if (name != "comment" && name != "threadedComment") return;
    if (cells_->size() >= kMaxCommentRefs) {
      ++unlisted_;
      return;
    }
    int column = 0;
    int64_t row = 0;
    if (!ParseCellRef(Attribute(attributes, "ref"), &column, &row)) row = column = 0;
    cells_->emplace_back(row, column);
  }
  int64_t unlisted() const { return unlisted_; }

 private:
  std::vector<std::pair<int64_t, int>>* cells_;
  int64_t unlisted_ = 0;
};

bool IsCommentsType(absl::string_view type) {
  return absl::EndsWith(type, "/comments") || absl::EndsWith(type, "/threadedComment");
}

absl::Status FindComments(Archive& archive, const Workbook& workbook, Findings* findings) {
  absl::flat_hash_set<std::string> reached;  // comments parts, lower case
  for (const SheetInfo& sheet : workbook.sheets) {
    if (sheet.part.empty()) continue;
    FOI_ASSIGN_OR_RETURN(const std::vector<Relationship> relationships,
                         ReadRelationships(archive, sheet.part));
    std::vector<std::pair<int64_t, int>> cells;  // (row, column); (0, 0) when unreadable
    int64_t unlisted = 0;
    for (const Relationship& relationship : relationships) {
      if (!IsCommentsType(relationship.type) || !archive.Has(relationship.part)) continue;
      if (!reached.insert(absl::AsciiStrToLower(relationship.part)).second) continue;
      CommentsReader reader(&cells);
      FOI_RETURN_IF_ERROR(archive.ParseXml(relationship.part, reader));
      unlisted += reader.unlisted();
    }
    // A threaded comment comes with a note on the same cell, for older versions of Excel.
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    for (const auto& [row, column] : cells) {
      const std::string where =
          row == 0 ? QuotedSheetName(sheet.name) : SheetRef(sheet.name, CellName(column, row));
      findings->Add({where, "comment or note", absl::StrCat(where, " has a comment")});
    }
    findings->AddUnlisted(unlisted);
  }
  // Comments no sheet refers to are still in the file.
  for (const std::string& name : archive.names()) {
    const std::string lower = absl::AsciiStrToLower(name);
    const bool comments =
        (absl::StartsWith(lower, "xl/comments") && absl::EndsWith(lower, ".xml")) ||
        absl::StartsWith(lower, "xl/threadedcomments/");
    if (!comments || reached.contains(lower) || absl::EndsWith(lower, "/")) continue;
    const std::string where = Shorten(name);
    findings->Add({where, "comments no sheet refers to",
                   absl::StrCat(where, " holds comments no sheet refers to")});
  }
  return absl::OkStatus();
}

void FindPivotCaches(const Archive& archive, const Workbook& workbook, Findings* findings) {
  bool found = workbook.pivot_caches;
  for (const std::string& name : archive.names()) {
    if (absl::StartsWith(absl::AsciiStrToLower(name), "xl/pivotcache/")) found = true;
  }
  if (found) {
    findings->Add({"pivot cache", "a pivot cache keeps a copy of the data a pivot table sums up",
                   "the workbook has a pivot cache"});
  }
}

// ---- The sheet ----

// A merged range, 1-based and inclusive.
struct MergedRange {
  int64_t first_row = 0;
  int64_t last_row = 0;
  int first_column = 0;
  int last_column = 0;
};

std::string RangeName(const MergedRange& range) {
  return absl::StrCat(CellName(range.first_column, range.first_row), ":",
                      CellName(range.last_column, range.last_row));
}

// What reading a sheet needs from the rest of the workbook.
struct SheetContext {
  std::string name;
  std::string part;
  const SharedStrings* strings = nullptr;
  const std::vector<bool>* date_styles = nullptr;
  bool date1904 = false;
};

// What the first pass over a sheet learns, for the second.
struct SheetScan {
  std::vector<MergedRange> merges;  // by first row, then column; no two overlap
  std::vector<bool> hidden_columns = std::vector<bool>(kMaxXlsxColumns + 1);
  std::vector<bool> columns_with_values = std::vector<bool>(kMaxXlsxColumns + 1);
  std::vector<int64_t> hidden_rows_with_values;  // the first kMaxFindings
  int64_t hidden_row_count = 0;                  // all of them
};

enum class CellType {
  kNumber,
  kSharedString,
  kInlineString,
  kFormulaString,
  kBoolean,
  kError,
  kDate
};

CellType CellTypeNamed(absl::string_view t) {
  if (t == "s") return CellType::kSharedString;
  if (t == "inlineStr") return CellType::kInlineString;
  if (t == "str") return CellType::kFormulaString;
  if (t == "b") return CellType::kBoolean;
  if (t == "e") return CellType::kError;
  if (t == "d") return CellType::kDate;
  return CellType::kNumber;
}

// Reads a sheet's XML. Scanning (no `on_record`), it collects the merged ranges, hidden
// columns and hidden content, and checks every cell; emitting, it gives the records, with
// what the scan found.
class SheetReader : public XmlVisitor {
 public:
  SheetReader(const SheetContext& context, SheetScan* scan,
              const std::function<void(const CsvRecord&)>* on_record)
      : context_(context), scan_(*scan), on_record_(on_record) {}

  void Start(absl::string_view name, const XML_Char** attributes) override {
    switch (elements_.Push(name)) {
      case Tag::kSheetData:
        if (seen_sheet_data_) Fail(Unreadable(context_.part, "holds two sheetData elements"));
        seen_sheet_data_ = true;
        break;
      case Tag::kRow:
        StartRow(attributes);
        break;
      case Tag::kCell:
        StartCell(attributes);
        break;
      case Tag::kValue:
        cell_.has_value = true;
        break;
      case Tag::kInlineString:
        cell_.has_inline_string = true;
        break;
      case Tag::kCol:
        if (!emitting()) AddColumns(attributes);
        break;
      case Tag::kMergeCell:
        if (!emitting()) AddMergedRange(Attribute(attributes, "ref"));
        break;
      default:
        break;
    }
  }

  void End(absl::string_view) override {
    switch (elements_.Pop()) {
      case Tag::kCell:
        EndCell();
        break;
      case Tag::kRow:
        EndRow();
        break;
      case Tag::kSheetData:
        if (emitting()) FillGap(kMaxSheetRows + 1);
        break;
      default:
        break;
    }
  }

  void Text(absl::string_view text) override {
    if (elements_.top() == Tag::kValue) AppendRaw(text, &cell_.value);
    if (elements_.top() == Tag::kText) AppendRaw(text, &cell_.inline_text);
  }

  // After a scan: orders the merged ranges and refuses overlapping ones, which Excel cannot
  // show either (and which would make every cell of a row be filled many times over).
  absl::Status FinishScan() {
    std::sort(
        scan_.merges.begin(), scan_.merges.end(), [](const MergedRange& a, const MergedRange& b) {
          return std::tie(a.first_row, a.first_column) < std::tie(b.first_row, b.first_column);
        });
    std::vector<const MergedRange*> covering(kMaxXlsxColumns + 1);
    for (const MergedRange& range : scan_.merges) {
      for (int column = range.first_column; column <= LastReadColumn(range); ++column) {
        const MergedRange* before = covering[column];
        if (before != nullptr && before->last_row >= range.first_row) {
          return Unreadable(SheetRef(context_.name, RangeName(range)),
                            absl::StrCat("overlaps the merged range ", RangeName(*before)));
        }
        covering[column] = &range;
      }
    }
    return absl::OkStatus();
  }

 private:
  struct Cell {
    int column = 0;
    CellType type = CellType::kNumber;
    int64_t style = 0;
    bool has_value = false;
    bool has_inline_string = false;
    std::string value;        // <v>, as written
    std::string inline_text;  // <is>, as written
  };

  // A merged range over the current row, and the text all its cells read as.
  struct ActiveMerge {
    const MergedRange* range;
    std::string text;
    bool anchor_pending;  // its top-left cell is in the current row, not yet read
  };

  bool emitting() const { return on_record_ != nullptr; }

  static int LastReadColumn(const MergedRange& range) {
    return std::min(range.last_column, kMaxXlsxColumns);
  }

  std::string Location(int column) const { return SheetRef(context_.name, CellName(column, row_)); }

  void StartRow(const XML_Char** attributes) {
    absl::string_view r;
    bool hidden = false;
    for (; *attributes != nullptr; attributes += 2) {
      const absl::string_view name = LocalName(attributes[0]);
      if (name == "r") r = attributes[1];
      if ((name == "hidden" && IsTrue(attributes[1])) ||
          (name == "ht" && IsZeroSize(attributes[1]))) {
        hidden = true;
      }
    }
    int64_t row = row_ + 1;
    if (!r.empty() && (!ParseIndex(r, &row) || row < 1)) {
      Fail(Unreadable(context_.part, absl::StrCat("numbers a row \"", Shorten(r), "\"")));
      return;
    }
    if (row <= row_ || row > kMaxSheetRows) {
      Fail(Unreadable(context_.part, absl::StrCat("has row ", row, " after row ", row_,
                                                  ": rows out of order or beyond Excel's last")));
      return;
    }
    if (emitting()) FillGap(row);
    row_ = row;
    column_ = 0;
    row_hidden_ = hidden;
    row_noted_ = false;
    if (emitting()) AdvanceMerges(row);
  }

  void StartCell(const XML_Char** attributes) {
    cell_.value.clear();
    cell_.inline_text.clear();
    cell_.has_value = cell_.has_inline_string = false;
    absl::string_view r;
    absl::string_view type;
    absl::string_view style;
    for (; *attributes != nullptr; attributes += 2) {
      const absl::string_view name = LocalName(attributes[0]);
      if (name == "r") r = attributes[1];
      if (name == "t") type = attributes[1];
      if (name == "s") style = attributes[1];
    }
    int column = column_ + 1;
    int64_t row_of_ref = 0;
    if (!r.empty() && !ParseCellRef(r, &column, &row_of_ref)) {
      Fail(Unreadable(SheetRef(context_.name, Shorten(r)), "is not a cell reference"));
      return;
    }
    if (column > kMaxSheetColumns) {
      Fail(Unreadable(context_.part, absl::StrCat("has a cell beyond column XFD in row ", row_)));
      return;
    }
    column_ = cell_.column = column;
    cell_.type = CellTypeNamed(type);
    if (!ParseIndex(style, &cell_.style)) cell_.style = 0;
  }

  void EndCell() {
    if (!cell_.has_value && !cell_.has_inline_string) return;
    const absl::string_view text = CellText();
    if (stopped()) return;
    const int column = cell_.column;
    if (text.size() > kMaxCellBytes) {
      Fail(BadCell(Location(column), absl::StrCat("holds over ", kMaxCellBytes, " bytes of text")));
      return;
    }
    if (column > kMaxXlsxColumns) {
      if (!text.empty()) {
        Fail(BadCell(Location(column),
                     absl::StrCat("holds a value beyond column ", ColumnLetters(kMaxXlsxColumns),
                                  ", the last the import reads")));
      }
      return;
    }
    if (!emitting()) {
      scan_.columns_with_values[column] = true;
      if (row_hidden_ && !row_noted_) {
        row_noted_ = true;
        if (scan_.hidden_rows_with_values.size() < kMaxFindings) {
          scan_.hidden_rows_with_values.push_back(row_);
        }
        ++scan_.hidden_row_count;
      }
      return;
    }
    if (row_hidden_ || scan_.hidden_columns[column]) return;  // hidden content is left out
    std::vector<std::string>& fields = record_.fields;
    if (static_cast<int>(fields.size()) < column) fields.resize(column);
    fields[column - 1].assign(text.data(), text.size());
  }

  // The text of the cell just read: a shared string in place (a sheet can repeat a long one
  // millions of times), anything else in text_.
  absl::string_view CellText() {
    if (cell_.has_inline_string && (cell_.type == CellType::kInlineString || !cell_.has_value)) {
      return text_ = DecodeEscapes(cell_.inline_text);
    }
    const std::string& value = cell_.value;
    switch (cell_.type) {
      case CellType::kSharedString: {
        int64_t index = -1;
        if (!ParseIndex(value, &index) ||
            static_cast<uint64_t>(index) >= context_.strings->size()) {
          Fail(BadCell(Location(cell_.column),
                       absl::StrCat("refers to shared string \"", Shorten(value),
                                    "\", which the workbook does not have")));
          return "";
        }
        return (*context_.strings)[static_cast<size_t>(index)];
      }
      case CellType::kInlineString:
      case CellType::kFormulaString:
        return text_ = DecodeEscapes(value);
      case CellType::kBoolean:
        if (value == "1" || value == "true") return "TRUE";
        if (value == "0" || value == "false") return "FALSE";
        return value;
      case CellType::kError:
        return value;
      case CellType::kDate:
        // ISO 8601; the date part only, as for serials.
        return value.size() >= 10 && value[4] == '-' && value[7] == '-'
                   ? absl::string_view(value).substr(0, 10)
                   : absl::string_view(value);
      case CellType::kNumber:
        break;
    }
    double number = 0;
    if (!absl::SimpleAtod(value, &number) || !std::isfinite(number)) return value;
    // A number or date is never blank nor long: all a scan needs to know of it.
    if (!emitting()) return "0";
    const std::vector<bool>& dates = *context_.date_styles;
    if (static_cast<uint64_t>(cell_.style) < dates.size() && dates[cell_.style]) {
      if (const std::optional<absl::CivilDay> day = SerialDay(number, context_.date1904)) {
        return text_ = IsoDate(*day);
      }
    }
    return text_ = NumberText(number);
  }

  void EndRow() {
    if (!emitting()) return;
    if (row_hidden_) {
      ResolveAnchors(false);  // a range whose top-left cell is hidden reads as blank
      record_.fields.clear();
      return;
    }
    ResolveAnchors(true);
    FillMerges();
    Emit(row_);
  }

  void AddColumns(const XML_Char** attributes) {
    int min = 0;
    int max = 0;
    if (!absl::SimpleAtoi(Attribute(attributes, "min"), &min) ||
        !absl::SimpleAtoi(Attribute(attributes, "max"), &max) || min < 1 || max < min ||
        max > kMaxSheetColumns) {
      Fail(Unreadable(context_.part, "describes columns it does not number"));
      return;
    }
    if (!IsTrue(Attribute(attributes, "hidden")) && !IsZeroSize(Attribute(attributes, "width"))) {
      return;
    }
    for (int column = min; column <= std::min(max, kMaxXlsxColumns); ++column) {
      scan_.hidden_columns[column] = true;
    }
  }

  void AddMergedRange(absl::string_view ref) {
    const std::pair<absl::string_view, absl::string_view> corners = absl::StrSplit(ref, ':');
    MergedRange range;
    if (!ParseCellRef(corners.first, &range.first_column, &range.first_row) ||
        !ParseCellRef(corners.second.empty() ? corners.first : corners.second, &range.last_column,
                      &range.last_row)) {
      Fail(Unreadable(SheetRef(context_.name, Shorten(ref)), "is not a range to merge"));
      return;
    }
    if (range.first_row > range.last_row) std::swap(range.first_row, range.last_row);
    if (range.first_column > range.last_column) std::swap(range.first_column, range.last_column);
    // Beyond the columns read, its top-left cell could hold no value the import takes.
    if (range.first_column > kMaxXlsxColumns) return;
    if (scan_.merges.size() >= kMaxMergedRanges) {
      Fail(Unreadable(context_.part, "merges too many ranges"));
      return;
    }
    scan_.merges.push_back(range);
  }

  // Rows from the previous one to `before` (not included) that the sheet does not have, but
  // that a merged range from an earlier row covers with text.
  void FillGap(int64_t before) {
    int64_t last = 0;
    for (const ActiveMerge& merge : active_) {
      if (!merge.text.empty()) last = std::max(last, merge.range->last_row);
    }
    for (int64_t row = row_ + 1; row < before && row <= last && !stopped(); ++row) {
      AdvanceMerges(row);
      ResolveAnchors(false);  // a range starting in a row the sheet does not have is blank
      FillMerges();
      Emit(row);
    }
  }

  // Makes the ranges over `row` the active ones.
  void AdvanceMerges(int64_t row) {
    active_.erase(
        std::remove_if(active_.begin(), active_.end(),
                       [row](const ActiveMerge& merge) { return merge.range->last_row < row; }),
        active_.end());
    for (; next_merge_ < scan_.merges.size() && scan_.merges[next_merge_].first_row <= row;
         ++next_merge_) {
      const MergedRange& range = scan_.merges[next_merge_];
      if (range.last_row < row) continue;
      active_.push_back({&range, "", range.first_row == row});
    }
  }

  // Takes the text of ranges whose top-left cell is in the current row. Hidden cells never
  // reach the record, so a hidden top-left cell reads as blank.
  void ResolveAnchors(bool row_read) {
    const std::vector<std::string>& fields = record_.fields;
    for (ActiveMerge& merge : active_) {
      if (!merge.anchor_pending) continue;
      merge.anchor_pending = false;
      const int column = merge.range->first_column;
      if (row_read && column <= static_cast<int>(fields.size())) merge.text = fields[column - 1];
    }
  }

  // Every cell of a merged range reads as its top-left cell: a merged header names each column
  // it spans, a force merged down names each row.
  void FillMerges() {
    std::vector<std::string>& fields = record_.fields;
    for (const ActiveMerge& merge : active_) {
      const int last = LastReadColumn(*merge.range);
      if (!merge.text.empty() && static_cast<int>(fields.size()) < last) fields.resize(last);
      const int end = std::min(last, static_cast<int>(fields.size()));
      for (int column = merge.range->first_column; column <= end; ++column) {
        fields[column - 1] = scan_.hidden_columns[column] ? "" : merge.text;
      }
    }
  }

  void Emit(int64_t row) {
    std::vector<std::string>& fields = record_.fields;
    while (!fields.empty() && fields.back().empty()) fields.pop_back();
    if (fields.empty()) return;
    for (const std::string& field : fields) record_bytes_ += static_cast<int64_t>(field.size()) + 1;
    if (record_bytes_ > kMaxRecordBytes) {
      fields.clear();
      Fail(TooLarge(absl::StrCat("sheet ", context_.name, " comes to more than ", kMaxRecordBytes,
                                 " bytes of text"),
                    kMaxRecordBytes));
      return;
    }
    record_.row = row;
    (*on_record_)(record_);
    fields.clear();
  }

  const SheetContext& context_;
  SheetScan& scan_;
  const std::function<void(const CsvRecord&)>* on_record_;
  ElementStack elements_;
  bool seen_sheet_data_ = false;
  int64_t row_ = 0;
  bool row_hidden_ = false;
  bool row_noted_ = false;  // the hidden row is already known to hold values
  int column_ = 0;
  Cell cell_;
  std::string text_;  // the cell's text, unless it is a shared string
  CsvRecord record_;
  std::vector<ActiveMerge> active_;
  size_t next_merge_ = 0;
  int64_t record_bytes_ = 0;
};

void AddSheetFindings(absl::string_view sheet, const SheetScan& scan, Findings* findings) {
  for (int64_t row : scan.hidden_rows_with_values) {
    const std::string where = SheetRef(sheet, absl::StrCat(row, ":", row));
    findings->Add(
        {where, "hidden row holding values", absl::StrCat(where, " (hidden row) holds values")});
  }
  findings->AddUnlisted(scan.hidden_row_count -
                        static_cast<int64_t>(scan.hidden_rows_with_values.size()));
  for (int column = 1; column <= kMaxXlsxColumns; ++column) {
    if (!scan.hidden_columns[column] || !scan.columns_with_values[column]) continue;
    const std::string letters = ColumnLetters(column);
    const std::string where = SheetRef(sheet, absl::StrCat(letters, ":", letters));
    findings->Add({where, "hidden column holding values",
                   absl::StrCat(where, " (hidden column) holds values")});
  }
}

}  // namespace

absl::StatusOr<std::string> ReadXlsxSheet(absl::string_view workbook, const XlsxOptions& options,
                                          const std::function<void(const CsvRecord&)>& on_record) {
  if (static_cast<int64_t>(workbook.size()) > kMaxXlsxBytes) {
    return TooLarge(absl::StrCat("the workbook is larger than ", kMaxXlsxBytes, " bytes"),
                    kMaxXlsxBytes);
  }
  if (!LooksLikeXlsx(workbook)) {
    constexpr absl::string_view kOle2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    return Unreadable("file", absl::StartsWith(workbook, kOle2)
                                  ? "an .xls workbook, or one with a password: save it as an "
                                    "Excel Workbook (.xlsx) without a password"
                                  : "not a ZIP archive, as every .xlsx workbook is");
  }
  FOI_ASSIGN_OR_RETURN(std::unique_ptr<Archive> archive, Archive::Open(workbook));
  FOI_ASSIGN_OR_RETURN(const Workbook book, ReadWorkbook(*archive));
  FOI_ASSIGN_OR_RETURN(const SheetInfo* sheet, ChooseSheet(book, options.sheet));
  if (sheet->part.empty() || !archive->Has(sheet->part)) {
    return Unreadable(sheet->name, "the workbook does not hold this sheet's cells");
  }

  Findings findings;
  if (!options.allow_hidden_content) {
    FOI_RETURN_IF_ERROR(FindHiddenSheetValues(*archive, book, &findings));
  }
  FOI_ASSIGN_OR_RETURN(const SharedStrings strings, ReadSharedStrings(*archive, book));
  FOI_ASSIGN_OR_RETURN(const std::vector<bool> date_styles, ReadDateStyles(*archive, book));
  const SheetContext context{sheet->name, sheet->part, &strings, &date_styles, book.date1904};

  SheetScan scan;
  SheetReader scanner(context, &scan, nullptr);
  FOI_RETURN_IF_ERROR(archive->ParseXml(sheet->part, scanner));
  FOI_RETURN_IF_ERROR(scanner.FinishScan());
  if (!options.allow_hidden_content) {
    AddSheetFindings(sheet->name, scan, &findings);
    FOI_RETURN_IF_ERROR(FindComments(*archive, book, &findings));
    FindPivotCaches(*archive, book, &findings);
    if (!findings.empty()) return findings.Refusal(sheet->name);
  }

  SheetReader reader(context, &scan, &on_record);
  FOI_RETURN_IF_ERROR(archive->ParseXml(sheet->part, reader));
  return sheet->name;
}

std::string ColumnLetters(int column) {
  std::string letters;
  for (; column > 0; column = (column - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (column - 1) % 26));
  }
  return letters;
}

std::string CellName(int column, int64_t row) { return absl::StrCat(ColumnLetters(column), row); }

bool LooksLikeXlsx(absl::string_view bytes) {
  return absl::StartsWith(bytes, absl::string_view("PK\x03\x04", 4));
}

}  // namespace foi::ingest
