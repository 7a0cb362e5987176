// File: ingest-service/src/xlsx_package.h
//
// An .xlsx file as a package: a ZIP archive of parts (xl/workbook.xml, xl/worksheets/...)
// that name each other through relationships parts (xl/_rels/workbook.xml.rels). Parts are
// inflated from the caller's bytes in chunks, straight into the XML parser, and bounded: one
// part at most kMaxXlsxPartBytes, all the parts read at most three times that (the sheet is
// read twice, and other parts besides), so a zip bomb cannot exhaust memory or time. Only
// xlsx_package.cc includes libzip.
//
//   FOI_ASSIGN_OR_RETURN(std::unique_ptr<Package> package, Package::Open(bytes));
//   FOI_ASSIGN_OR_RETURN(std::vector<Relationship> relationships,
//                        ReadRelationships(*package, "xl/workbook.xml"));
//   FOI_RETURN_IF_ERROR(package->ParseXml(PartOfType(relationships, "styles"), visitor));
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest-service/src/xlsx_xml.h"

namespace foi::ingest::xlsx {

// An .xlsx file's parts, read in place from the caller's bytes.
class Package {
 public:
  // The package in `bytes`, which must outlive it. FILE_INVALID when `bytes` are no readable
  // ZIP archive, or one of more parts than any workbook has.
  static absl::StatusOr<std::unique_ptr<Package>> Open(absl::string_view bytes);
  ~Package();
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  // Part names, as the archive spells them.
  const std::vector<std::string>& names() const { return names_; }

  // Whether the archive holds `part` (part names ignore case).
  bool Has(absl::string_view part) const { return Find(part) >= 0; }

  // Reads `part` through `visitor`, inflating it in chunks. FILE_INVALID when the part is
  // missing, cannot be inflated or is no XML a workbook holds; FILE_TOO_LARGE past the limits;
  // the visitor's own failure, as it is.
  absl::Status ParseXml(absl::string_view part, XmlVisitor& visitor);

 private:
  struct Zip;  // the libzip archive

  explicit Package(std::unique_ptr<Zip> zip);

  int64_t Find(absl::string_view part) const;

  std::unique_ptr<Zip> zip_;
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, int64_t> index_;  // by lower-case name
  int64_t inflated_ = 0;
};

// How one part names another.
struct Relationship {
  std::string id;
  std::string type;
  std::string part;  // the target, as a part name; empty for an external target
};

// The relationships of `part` ("" for the package's own), from its relationships part (for
// xl/workbook.xml, xl/_rels/workbook.xml.rels); none when it has none. Targets are resolved to
// part names. FILE_INVALID when the relationships part cannot be read.
absl::StatusOr<std::vector<Relationship>> ReadRelationships(Package& package,
                                                            absl::string_view part);

// The part the first relationship of type ".../`type`" names, or "".
std::string PartOfType(const std::vector<Relationship>& relationships, absl::string_view type);

}  // namespace foi::ingest::xlsx
