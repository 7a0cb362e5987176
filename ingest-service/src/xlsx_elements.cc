#include "ingest-service/src/xlsx_elements.h"

namespace foi::ingest::xlsx {
namespace {

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

bool IsString(Tag tag) { return tag == Tag::kInlineString || tag == Tag::kSharedString; }

}  // namespace

Tag ElementStack::Push(absl::string_view name) {
  Tag tag = TagNamed(name);
  if (tag != Tag::kOther && !Fits(tag)) tag = Tag::kOther;
  tags_.push_back(tag);
  return tag;
}

Tag ElementStack::Pop() {
  const Tag tag = top();
  if (!tags_.empty()) tags_.pop_back();
  return tag;
}

Tag ElementStack::Up(size_t levels) const {
  return tags_.size() < levels ? Tag::kOther : tags_[tags_.size() - levels];
}

bool ElementStack::Fits(Tag tag) const {
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

}  // namespace foi::ingest::xlsx
