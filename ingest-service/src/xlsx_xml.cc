#include "ingest-service/src/xlsx_xml.h"

#include <expat.h>

#include <string>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest-service/src/xlsx_errors.h"

namespace foi::ingest::xlsx {
namespace {

static_assert(std::is_same_v<XML_Char, char>, "expat must report UTF-8, as char");

constexpr int kReadChunkBytes = 64 * 1024;
// Expat holds a whole tag, comment or declaration in memory, and scans it again with every
// chunk, before reporting it: a part without any event for this long is refused rather than
// buffered. (Text is reported as it comes, so a long cell is no such token.)
constexpr int64_t kMaxXmlTokenBytes = 1 << 20;
constexpr int kMaxXmlDepth = 256;

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
      self->visitor_->Start(LocalName(name), XmlAttributes(attributes));
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

}  // namespace

absl::string_view LocalName(const char* name) {
  const char* local = name;
  const char* end = name;
  for (; *end != '\0'; ++end) {
    if (*end == ':') local = end + 1;
  }
  return absl::string_view(local, static_cast<size_t>(end - local));
}

absl::string_view XmlAttributes::Get(absl::string_view name) const {
  for (const char* const* pair = pairs_; *pair != nullptr; pair += 2) {
    if (LocalName(pair[0]) == name) return pair[1];
  }
  return {};
}

bool IsTrue(absl::string_view value) { return value == "1" || value == "true"; }

absl::Status ParseXmlChunks(absl::string_view part, XmlVisitor& visitor, XmlChunkReader read) {
  XmlParser parser(part, &visitor);
  for (bool stop = false; !stop;) {
    void* buffer = parser.Buffer(kReadChunkBytes);
    if (buffer == nullptr) return Unreadable(part, "cannot be parsed (out of memory)");
    FOI_ASSIGN_OR_RETURN(const int64_t size, read(buffer, kReadChunkBytes));
    FOI_RETURN_IF_ERROR(parser.Parse(static_cast<int>(size), size == 0, &stop));
  }
  return absl::OkStatus();
}

}  // namespace foi::ingest::xlsx
