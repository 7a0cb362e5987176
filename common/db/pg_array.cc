#include "common/db/pg_array.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace foi::db {

std::string TextArrayLiteral(const std::vector<std::optional<std::string>>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    if (!values[i].has_value()) {
      literal += "NULL";
      continue;
    }
    literal += '"';
    for (char c : *values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return literal;
}

std::string IntArrayLiteral(const std::vector<std::optional<int64_t>>& values) {
  return absl::StrCat("{",
                      absl::StrJoin(values, ",",
                                    [](std::string* out, const auto& value) {
                                      absl::StrAppend(
                                          out, value.has_value() ? std::to_string(*value) : "NULL");
                                    }),
                      "}");
}

std::string BoolArrayLiteral(const std::vector<bool>& values) {
  return absl::StrCat(
      "{",
      absl::StrJoin(values, ",",
                    [](std::string* out, bool value) { out->append(value ? "t" : "f"); }),
      "}");
}

}  // namespace foi::db
