// File: ingest-service/src/xlsx_elements.h
//
// The SpreadsheetML elements the readers of sheets, shared strings and styles tell apart, and
// the stack of elements open at the current point of a part. An element counts as what its
// name says only where the format puts it: a "c" outside a row, or the "t" of a phonetic
// reading (inside "rPh"), is something else (Tag::kOther).
//
//   void Start(absl::string_view name, XmlAttributes attributes) override {
//     if (elements_.Push(name) == Tag::kCell) ...
//   }
//   void End(absl::string_view) override { elements_.Pop(); }
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"

namespace foi::ingest::xlsx {

// The elements the readers tell apart; every other element is kOther.
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

// The elements open at the current point of a part.
class ElementStack {
 public:
  // Opens the element of local name `name`; returns what it counts as where it is.
  Tag Push(absl::string_view name);
  // Closes the innermost element; returns what it counted as.
  Tag Pop();
  // What the innermost element counts as; kOther outside any.
  Tag top() const { return tags_.empty() ? Tag::kOther : tags_.back(); }

 private:
  Tag Up(size_t levels) const;
  bool Fits(Tag tag) const;

  std::vector<Tag> tags_;
};

}  // namespace foi::ingest::xlsx
