// File: ingest-service/src/xlsx_xml.h
//
// Parses the XML of one part of a workbook with expat, chunk by chunk, telling a visitor of
// each element, its attributes and its text. Names are local: writers differ in the namespace
// prefix they use ("x:c" or "c"), never in the local name. What no workbook holds is refused
// (FILE_INVALID, naming the part): a DOCTYPE (and so any entity declaration), elements nested
// over 256 deep, and single tokens too large to buffer. Only xlsx_xml.cc includes expat.
//
//   class CellCounter : public XmlVisitor {
//    public:
//     void Start(absl::string_view name, XmlAttributes attributes) override {
//       if (name == "c") ++cells;
//     }
//     int cells = 0;
//   };
//   CellCounter counter;
//   FOI_RETURN_IF_ERROR(ParseXmlChunks(part, counter, read_chunk));
#pragma once

#include <cstdint>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace foi::ingest::xlsx {

// The local name of an element or attribute: "c" for "x:c".
absl::string_view LocalName(const char* name);

// An element's attributes as expat gives them: name, value, name, value, ..., null.
class XmlAttributes {
 public:
  explicit XmlAttributes(const char* const* pairs) : pairs_(pairs) {}

  // The value of the attribute of local name `name`, or "" when there is none.
  absl::string_view Get(absl::string_view name) const;

  // Calls `visit(local_name, value)` for every attribute, in order.
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (const char* const* pair = pairs_; *pair != nullptr; pair += 2) {
      visit(LocalName(pair[0]), absl::string_view(pair[1]));
    }
  }

 private:
  const char* const* pairs_;
};

// An XML boolean attribute's value: "1" or "true".
bool IsTrue(absl::string_view value);

// What a part's reader is told, element by element.
class XmlVisitor {
 public:
  virtual ~XmlVisitor() = default;
  virtual void Start(absl::string_view name, XmlAttributes attributes) = 0;
  virtual void End(absl::string_view name) { (void)name; }
  virtual void Text(absl::string_view text) { (void)text; }

  // Reading stops once the visitor failed or needs nothing more.
  bool stopped() const { return !status_.ok() || done_; }
  const absl::Status& status() const { return status_; }

 protected:
  // The first failure is the one the parse returns.
  void Fail(absl::Status status) {
    if (status_.ok()) status_ = std::move(status);
  }
  void Done() { done_ = true; }

 private:
  absl::Status status_;
  bool done_ = false;
};

// Where the parser takes each chunk from: puts up to `capacity` bytes at `buffer` and returns
// how many it put, 0 at the end of the part, or the error reading failed with.
using XmlChunkReader = absl::FunctionRef<absl::StatusOr<int64_t>(void* buffer, int capacity)>;

// Parses the part named `part` (for messages), read chunk by chunk with `read`, through
// `visitor`, until the end, the visitor's failure (returned as it is) or the visitor's Done().
// FILE_INVALID for XML that is not well-formed or that no workbook holds; the error `read`
// returns, as it is.
absl::Status ParseXmlChunks(absl::string_view part, XmlVisitor& visitor, XmlChunkReader read);

}  // namespace foi::ingest::xlsx
