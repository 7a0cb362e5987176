#include "stats-service/src/snapshot_loader.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/pg_array.h"
#include "common/db/pq_errors.h"
#include "common/status_macros.h"
#include "figures_queries.h"  // generated: one constant per queries/*.sql

namespace foi::stats {
namespace {

using ReadOnlyTransaction =
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>;

// Reads the next element of a one-dimensional array into `element` (nullopt for NULL), past
// the braces; false at the end.
bool NextElement(pqxx::array_parser& parser, std::optional<std::string>& element) {
  while (true) {
    auto [juncture, value] = parser.get_next();
    switch (juncture) {
      case pqxx::array_parser::done:
        return false;
      case pqxx::array_parser::null_value:
        element.reset();
        return true;
      case pqxx::array_parser::string_value:
        element = std::move(value);
        return true;
      default:  // a brace
        break;
    }
  }
}

// The elements of a one-dimensional text array with no NULLs.
std::vector<std::string> TextArray(const pqxx::field& field) {
  std::vector<std::string> values;
  pqxx::array_parser parser = field.as_array();
  std::optional<std::string> element;
  while (NextElement(parser, element)) values.push_back(element.value_or(""));
  return values;
}

// A date the queries give as days since 2000-01-01.
absl::CivilDay DayOf(const pqxx::field& days) {
  return absl::CivilDay(2000, 1, 1) + days.as<int64_t>();
}

// Builds returns from rows of select_active_figures.sql (or select_changed_figures.sql), one
// row a return, fed a batch at a time; each return's effective period is set as it is read. A
// return that `base` holds unchanged (same id, version and figures) is taken from it rather
// than copied.
class FiguresReader {
 public:
  explicit FiguresReader(const FiguresSnapshot* base) : base_(base) {}
  void Add(const pqxx::result& rows);
  FiguresSnapshot::Returns Take() { return std::move(returns_); }

 private:
  // Reads the lines of the return in `row` into lines_.
  void ReadLines(const pqxx::row& row);

  const FiguresSnapshot* const base_;
  FiguresSnapshot::Returns returns_;
  // A return's lines with their numbers, gathered in a buffer reused from return to return: a
  // return kept gets them at their size, not with the spare room a growing vector leaves.
  std::vector<std::pair<int, FigureLine>> lines_;
};

void FiguresReader::ReadLines(const pqxx::row& row) {
  lines_.clear();
  if (row[14].is_null()) return;  // a return with no lines
  pqxx::array_parser counts = row[14].as_array();
  pqxx::array_parser outcome_types = row[15].as_array();
  pqxx::array_parser line_nos = row[16].as_array();
  std::optional<std::string> count, codes, line_no;
  while (NextElement(counts, count) && NextElement(outcome_types, codes) &&
         NextElement(line_nos, line_no)) {
    FigureLine line;
    if (count) {  // NULL: withheld
      int64_t value = 0;
      pqxx::from_string(*count, value);
      line.count = value;
    }
    for (absl::string_view code : absl::StrSplit(codes.value_or(""), ' ')) {
      line.outcome_types |= OutcomeBit(code);
    }
    int number = 0;
    pqxx::from_string(line_no.value_or("0"), number);
    lines_.emplace_back(number, line);
  }
  // Read from the primary key, the lines are nearly always in order already.
  auto by_number = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(lines_.begin(), lines_.end(), by_number)) {
    std::sort(lines_.begin(), lines_.end(), by_number);
  }
}

void FiguresReader::Add(const pqxx::result& rows) {
  for (const auto& row : rows) {
    ReturnFigures read;
    read.return_id = ReturnId::Parse(row[0].c_str()).value_or(ReturnId());
    read.version = row[1].as<int>();
    read.force_id = row[2].as<std::string>();
    read.offence_id = row[3].as<std::string>();
    read.period_start = DayOf(row[4]);
    read.period_end = DayOf(row[5]);
    read.total_reports = row[6].as<int64_t>();
    read.not_yet_assigned = row[7].as<int64_t>();
    read.suppression_threshold = row[8].as<int>();
    read.unaccounted_reports = row[9].as<int64_t>();
    read.unknown_outcome_reports = row[10].as<int64_t>();
    read.exemptions = TextArray(row[11]);
    SetEffectivePeriod(read, DayOf(row[12]),
                       row[13].is_null() ? std::nullopt : std::optional(DayOf(row[13])));
    ReadLines(row);
    read.lines.reserve(lines_.size());
    for (const auto& [number, line] : lines_) read.lines.push_back(line);
    std::shared_ptr<const ReturnFigures> kept =
        base_ == nullptr ? nullptr : base_->Find(read.return_id);
    if (kept == nullptr || *kept != read) {
      kept = std::make_shared<const ReturnFigures>(std::move(read));
    }
    returns_.push_back(std::move(kept));
  }
}

// Rows at a time while the whole set is read, so a large database never sits in memory twice.
constexpr int kFetchBatch = 20000;

}  // namespace

absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> LoadSnapshot(db::ConnectionPool& pool,
                                                                    const FiguresSnapshot* base) {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool.Acquire());
  try {
    ReadOnlyTransaction txn(*connection);
    const pqxx::row version = txn.exec1(std::string(kSelectSnapshotVersion));
    txn.exec0("DECLARE figures NO SCROLL CURSOR FOR " + std::string(kSelectActiveFigures));
    FiguresReader reader(base);
    while (true) {
      const pqxx::result batch = txn.exec(absl::StrCat("FETCH ", kFetchBatch, " FROM figures"));
      if (batch.empty()) break;
      reader.Add(batch);
    }
    return std::make_shared<const FiguresSnapshot>(reader.Take(), version[0].as<int64_t>(),
                                                   absl::FromUnixMicros(version[1].as<int64_t>()));
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
}

absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> LoadChanges(
    db::ConnectionPool& pool, const FiguresSnapshot& base,
    const std::set<std::string>& changed_ids) {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool.Acquire());
  try {
    ReadOnlyTransaction txn(*connection);
    // PostgreSQL's estimate for a few hundred ids passes jit_above_cost, and compiling the plan
    // took 15 to 60 ms of a reload's 80 to 140 (1,500 ids, 300,000 stored returns): 378 of the
    // 1,282 ms this query ran in 12 s of SubmitReturn at 16 clients.
    txn.exec0("SET LOCAL jit = off");
    const pqxx::row version = txn.exec1(std::string(kSelectSnapshotVersion));
    const pqxx::result rows =
        txn.exec_params(std::string(kSelectChangedFigures),
                        db::TextArrayLiteral({changed_ids.begin(), changed_ids.end()}));
    FiguresReader reader(&base);
    reader.Add(rows);
    return base.WithChanges(changed_ids, reader.Take(), version[0].as<int64_t>(),
                            absl::FromUnixMicros(version[1].as<int64_t>()));
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
}

}  // namespace foi::stats
