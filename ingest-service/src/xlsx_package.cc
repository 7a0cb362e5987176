#include "ingest-service/src/xlsx_package.h"

#include <zip.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "ingest-service/src/xlsx_errors.h"
#include "ingest-service/src/xlsx_reader.h"

namespace foi::ingest::xlsx {
namespace {

// All the parts read, together: the sheet is read twice, and other parts besides, but a
// workbook whose parts all point at one zip bomb still ends.
constexpr int64_t kMaxInflatedBytes = 3 * kMaxXlsxPartBytes;
// Counts whose entries are kept in memory: far beyond any real workbook, but bounded.
constexpr int64_t kMaxZipEntries = 100000;
constexpr size_t kMaxRelationships = 100000;

struct ZipDiscard {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
struct ZipClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

absl::Status PartTooLarge(absl::string_view part) {
  return TooLarge(absl::StrCat(Shorten(part), " inflates to more than ", kMaxXlsxPartBytes,
                               " bytes, the most one part of a workbook may"),
                  kMaxXlsxPartBytes);
}

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

  void Start(absl::string_view name, XmlAttributes attributes) override {
    if (name != "Relationship") return;
    if (relationships_.size() >= kMaxRelationships) {
      Fail(Unreadable(rels_part_, "holds too many relationships"));
      return;
    }
    Relationship relationship{std::string(attributes.Get("Id")),
                              std::string(attributes.Get("Type")), ""};
    if (attributes.Get("TargetMode") != "External") {
      relationship.part = ResolveTarget(source_part_, attributes.Get("Target"));
    }
    relationships_.push_back(std::move(relationship));
  }

  std::vector<Relationship> relationships_;

 private:
  std::string source_part_;
  std::string rels_part_;
};

}  // namespace

struct Package::Zip {
  explicit Zip(zip_t* zip) : archive(zip) {}
  std::unique_ptr<zip_t, ZipDiscard> archive;
};

Package::Package(std::unique_ptr<Zip> zip) : zip_(std::move(zip)) {}

Package::~Package() = default;

absl::StatusOr<std::unique_ptr<Package>> Package::Open(absl::string_view bytes) {
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
  auto package = std::unique_ptr<Package>(new Package(std::make_unique<Zip>(zip)));
  const zip_int64_t entries = zip_get_num_entries(zip, 0);
  if (entries > kMaxZipEntries) {
    return Unreadable("file", absl::StrCat("holds ", entries, " parts; a workbook has far fewer"));
  }
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* name = zip_get_name(zip, static_cast<zip_uint64_t>(i), 0);
    if (name == nullptr) continue;
    package->names_.emplace_back(name);
    package->index_.try_emplace(absl::AsciiStrToLower(name), i);
  }
  return package;
}

absl::Status Package::ParseXml(absl::string_view part, XmlVisitor& visitor) {
  const int64_t index = Find(part);
  if (index < 0) return Unreadable(part, "missing");
  zip_t* zip = zip_->archive.get();
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(zip, static_cast<zip_uint64_t>(index), 0, &stat) == 0 &&
      (stat.valid & ZIP_STAT_SIZE) != 0 &&
      stat.size > static_cast<zip_uint64_t>(kMaxXlsxPartBytes)) {
    return PartTooLarge(part);
  }
  const std::unique_ptr<zip_file_t, ZipClose> file(
      zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0));
  if (file == nullptr) {
    return Unreadable(part, absl::StrCat("cannot be unpacked (", zip_strerror(zip), ")"));
  }
  int64_t part_bytes = 0;
  return ParseXmlChunks(part, visitor, [&](void* buffer, int capacity) -> absl::StatusOr<int64_t> {
    const zip_int64_t read = zip_fread(file.get(), buffer, static_cast<zip_uint64_t>(capacity));
    if (read < 0) {
      return Unreadable(part,
                        absl::StrCat("cannot be unpacked (", zip_file_strerror(file.get()), ")"));
    }
    part_bytes += read;
    inflated_ += read;
    if (part_bytes > kMaxXlsxPartBytes) return PartTooLarge(part);
    if (inflated_ > kMaxInflatedBytes) {
      return TooLarge(absl::StrCat("the workbook's parts inflate to more than ", kMaxInflatedBytes,
                                   " bytes together"),
                      kMaxInflatedBytes);
    }
    return read;
  });
}

int64_t Package::Find(absl::string_view part) const {
  const auto it = index_.find(absl::AsciiStrToLower(part));
  return it == index_.end() ? -1 : it->second;
}

absl::StatusOr<std::vector<Relationship>> ReadRelationships(Package& package,
                                                            absl::string_view part) {
  const std::string rels_part = RelationshipsPartOf(part);
  if (!package.Has(rels_part)) return std::vector<Relationship>();
  RelationshipsReader reader(part, rels_part);
  FOI_RETURN_IF_ERROR(package.ParseXml(rels_part, reader));
  return std::move(reader.relationships_);
}

std::string PartOfType(const std::vector<Relationship>& relationships, absl::string_view type) {
  for (const Relationship& relationship : relationships) {
    if (absl::EndsWith(relationship.type, absl::StrCat("/", type))) return relationship.part;
  }
  return "";
}

}  // namespace foi::ingest::xlsx
